import { MAX_XML_BYTES, parseFundraisingBoxXml, typedScalar } from '../../../nodes/FundraisingBox/xml';

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
