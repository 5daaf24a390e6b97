import { decodeReferences, LIST_ELEMENTS, markupDeclaration, MAX_XML_BYTES, parseFundraisingBoxXml, typedScalar } from '../../../nodes/FundraisingBox/trigger/xml';
import * as fc from 'fast-check';

const MERGE_WEBHOOK = `<?xml version="1.0" encoding="UTF-8"?>
<fb_transaction>
  <fb_donation>
    <id type="integer">8594118</id>
    <transaction_id><![CDATA[ FB-T-6341087 ]]></transaction_id>
    <amount type="float">25.50</amount>
    <interval type="integer">1</interval>
    <fb_type_id type="integer">8</fb_type_id>
    <received_at type="datetime">2020-04-15T10:12:00+02:00</received_at>
    <receipt_status><![CDATA[receipt_now]]></receipt_status>
    <deleted_at nil="true"/>
    <meta_info>
      <message><![CDATA[Danke für Ihren Einsatz!]]></message>
      <item_id type="integer">123</item_id>
      <wants_newsletter type="integer">0</wants_newsletter>
    </meta_info>
  </fb_donation>
  <fb_person>
    <first_name><![CDATA[Markus]]></first_name>
    <is_company type="boolean">false</is_company>
    <fb_person_email_addresses>
      <fb_person_email_address>
        <email><![CDATA[markus@example.org]]></email>
        <is_main type="boolean">true</is_main>
      </fb_person_email_address>
    </fb_person_email_addresses>
    <tags type="array">
      <tag><![CDATA[major donor]]></tag>
      <tag><![CDATA[newsletter]]></tag>
    </tags>
  </fb_person>
</fb_transaction>`;

describe('parseFundraisingBoxXml', () => {
	it('turns typed XML into plain values: CDATA trimmed, typed scalars, nil as null, lists as arrays', () => {
		const result = parseFundraisingBoxXml(MERGE_WEBHOOK);
		expect(result).toEqual({
			ok: true,
			value: {
				fb_transaction: {
					fb_donation: {
						id: 8594118,
						transaction_id: 'FB-T-6341087',
						amount: 25.5,
						interval: 1,
						fb_type_id: 8,
						received_at: '2020-04-15T10:12:00+02:00',
						receipt_status: 'receipt_now',
						deleted_at: null,
						meta_info: { message: 'Danke für Ihren Einsatz!', item_id: 123, wants_newsletter: 0 },
					},
					fb_person: {
						first_name: 'Markus',
						is_company: false,
						fb_person_email_addresses: [{ email: 'markus@example.org', is_main: true }],
						tags: ['major donor', 'newsletter'],
					},
				},
			},
		});
	});

	// docs/get-personsidxml and docs/transactionsxml: empty ids are `<fb_project_id type="integer"/>`,
	// flags untyped `1`/`0`/empty, lists in `fb_person_addresss` (three s).
	it('reads the vendor samples\' typing: an empty typed element is null, untyped flags stay as sent', () => {
		const xml = `<fb_transaction><fb_donation><fb_project_id type="integer"/><is_test>0</is_test><received_at type="datetime"></received_at>
			<amount type="float"> </amount></fb_donation><fb_person><wants_mailing/><wants_newsletter>1</wants_newsletter>
			<fb_person_addresss><fb_person_address><id type="integer">46</id><is_main>1</is_main></fb_person_address></fb_person_addresss>
			<fb_person_email_addresss><fb_person_email_address><id type="integer">50</id><is_main/></fb_person_email_address></fb_person_email_addresss>
			</fb_person></fb_transaction>`;
		expect(parseFundraisingBoxXml(xml)).toEqual({
			ok: true,
			value: {
				fb_transaction: {
					fb_donation: { fb_project_id: null, is_test: '0', received_at: null, amount: null },
					fb_person: {
						wants_mailing: '',
						wants_newsletter: '1',
						fb_person_addresss: [{ id: 46, is_main: '1' }],
						fb_person_email_addresss: [{ id: 50, is_main: '' }],
					},
				},
			},
		});
	});

	it('types a scalar by its type attribute; an empty typed value is null', () => {
		expect(typedScalar('', 'integer')).toBeNull();
		expect(typedScalar('', 'boolean')).toBeNull();
		expect(typedScalar('', 'date')).toBeNull();
		expect(typedScalar('', undefined)).toBe('');
		expect(typedScalar('12', 'integer')).toBe(12);
		expect(typedScalar('1', 'boolean')).toBe(true);
		expect(typedScalar('12.50', 'float')).toBe(12.5);
		expect(typedScalar('2011-11-09 09:59:45', 'datetime')).toBe('2011-11-09 09:59:45');
		expect(typedScalar('1', undefined)).toBe('1');
		// Beyond 2^53 a number would change the id: kept as the text sent.
		expect(typedScalar('12345678901234567890', 'integer')).toBe('12345678901234567890');
		expect(typedScalar(String(Number.MAX_SAFE_INTEGER), 'integer')).toBe(Number.MAX_SAFE_INTEGER);
	});

	it('decodes the predefined XML entities and keeps the text otherwise', () => {
		expect(parseFundraisingBoxXml('<a><b>Tom &amp; Jerry &lt;3</b></a>')).toEqual({ ok: true, value: { a: { b: 'Tom & Jerry <3' } } });
	});

	it('refuses DTDs and entity declarations (no entity expansion, no external entities)', () => {
		const billionLaughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>';
		expect(parseFundraisingBoxXml(billionLaughs)).toMatchObject({ ok: false, reason: expect.stringContaining('DOCTYPE') });
		const external = '<!doctype foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>';
		expect(parseFundraisingBoxXml(external)).toMatchObject({ ok: false });
	});

	it('refuses empty, oversized, too deeply nested and malformed documents', () => {
		expect(parseFundraisingBoxXml('')).toMatchObject({ ok: false, reason: 'Empty XML document' });
		expect(parseFundraisingBoxXml(Buffer.alloc(MAX_XML_BYTES + 1, 'a'))).toMatchObject({ ok: false });
		expect(parseFundraisingBoxXml('<a>'.repeat(200) + '</a>'.repeat(200))).toMatchObject({ ok: false });
		expect(parseFundraisingBoxXml('<a><b></a>')).toMatchObject({ ok: false, reason: expect.stringMatching(/^Malformed XML/) });
		expect(parseFundraisingBoxXml('just text')).toMatchObject({ ok: false });
	});
});

// Issue 14: a donor's text must never make a delivery fail, and no element name may reach or
// shadow Object.prototype. Only markup declarations the parser would act on are refused.
describe('parseFundraisingBoxXml: declarations only where they are markup', () => {
	const donation = (message: string) => `<?xml version="1.0"?><fb_transaction><fb_donation><public_message>${message}</public_message></fb_donation></fb_transaction>`;
	const messageOf = (xml: string) => {
		const result = parseFundraisingBoxXml(xml);
		if (!result.ok) throw new Error(result.reason);
		return ((result.value.fb_transaction as Record<string, unknown>).fb_donation as Record<string, unknown>).public_message;
	};

	it('accepts "<!doctype" and "<!ENTITY" typed by a donor into a CDATA message, text intact', () => {
		expect(messageOf(donation('<![CDATA[<!doctype html><p>Danke!</p> <!ENTITY x "y"> &amp;]]>'))).toBe('<!doctype html><p>Danke!</p> <!ENTITY x "y"> &amp;');
		expect(messageOf(donation('<![CDATA[ <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]> ]]>'))).toBe('<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>');
	});

	it('accepts a DOCTYPE inside a comment or a processing instruction, in the prolog or the content', () => {
		expect(messageOf(donation('<!-- <!doctype html> -->Hallo').replace('?>', '?><!-- <!DOCTYPE x> -->'))).toBe('Hallo');
		expect(messageOf(donation('<?note <!DOCTYPE x>?>Hallo'))).toBe('Hallo');
	});

	it('refuses a DOCTYPE or ENTITY declaration in the prolog, whatever its case', () => {
		for (const prolog of ['<!DOCTYPE fb_transaction>', '<!doctype fb_transaction>', '<!-- c --><!DOCTYPE x [<!ENTITY a "b">]>', '<!ENTITY a "b">']) {
			expect(parseFundraisingBoxXml(`<?xml version="1.0"?>${prolog}<fb_transaction><a>&a;</a></fb_transaction>`)).toMatchObject({
				ok: false,
				reason: 'XML with a DOCTYPE or entity declaration is not accepted',
			});
		}
	});

	it('refuses a declaration after the root element starts (fast-xml-parser would read its entities there) and never expands one', () => {
		for (const xml of [
			'<fb_transaction><!DOCTYPE x [<!ENTITY e "EXPANDED">]><a>&e;</a></fb_transaction>',
			'<fb_transaction><a><!doctype x [<!ENTITY e "EXPANDED">]>&e;</a></fb_transaction>',
			'<fb_transaction><!ENTITY e "EXPANDED"><a>&e;</a></fb_transaction>',
			'<fb_transaction><a>&e;</a></fb_transaction><!DOCTYPE x [<!ENTITY e "EXPANDED">]>',
		]) {
			const result = parseFundraisingBoxXml(xml);
			expect(result).toMatchObject({ ok: false });
			expect(JSON.stringify(result)).not.toContain('EXPANDED');
		}
	});

	it('leaves an undeclared entity as text and decodes character references', () => {
		expect(parseFundraisingBoxXml('<a><b>&e; &#60;3 &#x263A; &amp;lt;</b></a>')).toEqual({ ok: true, value: { a: { b: '&e; <3 ☺ &lt;' } } });
	});

	it('keeps a comment or CDATA that is never closed refused as malformed', () => {
		expect(parseFundraisingBoxXml('<a><!-- <b>x</b></a>')).toMatchObject({ ok: false });
		expect(parseFundraisingBoxXml('<a><![CDATA[ x </a>')).toMatchObject({ ok: false });
	});
});

describe('parseFundraisingBoxXml: element names that are Object.prototype members', () => {
	const PROTOTYPE_NAMES = ['toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__'];

	it('keeps each under its own name with its own value, on objects without a prototype', () => {
		const xml = `<fb_transaction><fb_donation>${PROTOTYPE_NAMES.map((name) => `<${name}>v-${name}</${name}>`).join('')}<id type="integer">1</id></fb_donation></fb_transaction>`;
		const result = parseFundraisingBoxXml(xml);
		if (!result.ok) throw new Error(result.reason);
		const donation = (result.value.fb_transaction as Record<string, unknown>).fb_donation as Record<string, unknown>;
		expect(Object.getPrototypeOf(result.value)).toBeNull();
		expect(Object.getPrototypeOf(donation)).toBeNull();
		expect({ ...donation }).toEqual({ id: 1, ...Object.fromEntries(PROTOTYPE_NAMES.map((name) => [name, `v-${name}`])) });
	});

	it('keeps prototype names as attribute names of a custom field', () => {
		const xml = '<a><fb_custom_fields><fb_custom_field id="7" toString="t" valueOf="v">x</fb_custom_field></fb_custom_fields></a>';
		const result = parseFundraisingBoxXml(xml);
		if (!result.ok) throw new Error(result.reason);
		expect(JSON.parse(JSON.stringify(result.value))).toEqual({ a: { fb_custom_fields: [{ id: 7, toString: 't', valueOf: 'v', value: 'x' }] } });
	});

	it('refuses __proto__, constructor and prototype as names with a 400 reason, and Object.prototype stays clean', () => {
		for (const name of ['__proto__', 'constructor', 'prototype']) {
			expect(parseFundraisingBoxXml(`<a><${name}><polluted>1</polluted></${name}></a>`)).toMatchObject({ ok: false, reason: expect.stringContaining(name) });
			expect(parseFundraisingBoxXml(`<a><b ${name}="1">x</b></a>`)).toMatchObject({ ok: false, reason: expect.stringContaining(name) });
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('maps any element names and CDATA texts one to one (property)', () => {
		const name = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES, 'id', 'message'), fc.stringMatching(/^[a-z_][a-z0-9_]{0,12}$/)).filter((key) => !LIST_ELEMENTS.has(key));
		const value = fc.stringMatching(/^[\x21-\x7e][ -~äöüß]{0,38}[\x21-\x7e]$/).filter((text) => !text.includes(']]>'));
		fc.assert(
			fc.property(fc.dictionary(name, value, { maxKeys: 12 }), (fields) => {
				const body = Object.entries(fields).map(([key, text]) => `<${key}><![CDATA[${text}]]></${key}>`).join('');
				const result = parseFundraisingBoxXml(`<root>${body}</root>`);
				if (!result.ok) return false;
				const root = result.value.root;
				const entries = Object.keys(fields).length === 0 ? {} : { ...(root as Record<string, unknown>) };
				expect(entries).toEqual({ ...fields });
				return true;
			}),
		);
	});
});

describe('markupDeclaration and decodeReferences', () => {
	it('finds a declaration that is markup, before or after the root starts, and skips comments, CDATA and PIs', () => {
		expect(markupDeclaration('<?xml version="1.0"?><!DOCTYPE a><a/>')).toBe('prolog');
		expect(markupDeclaration('<!-- x --><!entity a "b"><a/>')).toBe('prolog');
		expect(markupDeclaration('<a><!DOCTYPE b></a>')).toBe('content');
		expect(markupDeclaration('<a/><!ELEMENT a ANY>')).toBe('content');
		expect(markupDeclaration('<!-- <!DOCTYPE a> --><?pi <!DOCTYPE b>?><a><![CDATA[<!doctype html>]]><!-- <!ENTITY c> --></a>')).toBeUndefined();
		expect(markupDeclaration('<a><![CDATA[ never closed <!DOCTYPE x> </a>')).toBeUndefined();
		expect(markupDeclaration('plain text')).toBeUndefined();
	});

	it('decodes the predefined entities and character references once; leaves other names and invalid characters', () => {
		expect(decodeReferences('Tom &amp; Jerry &lt;3&gt; &quot;hi&apos;')).toBe('Tom & Jerry <3> "hi\'');
		expect(decodeReferences('&amp;lt; &#38;amp; &#x1F600; &#228;')).toBe('&lt; &amp; 😀 ä');
		expect(decodeReferences('&lol; &nbsp; &#0; &#xD800; &#1114112; & ;')).toBe('&lol; &nbsp; &#0; &#xD800; &#1114112; & ;');
	});
});
