/**
 * FundraisingBox's typed XML (the "merge webhook" and the XML REST API) → plain values.
 *
 * Safe by construction: a markup declaration (`<!DOCTYPE`, `<!ENTITY`, ...) is refused before
 * parsing, wherever it is markup, but is text inside CDATA and comments (a donor may type
 * `<!doctype html>` into a message: refusing that would lose the donation after FundraisingBox's
 * 7 days of retries). The entity decoder knows only the predefined XML entities and character
 * references and learns none from a DTD, so nothing is ever expanded. Size and nesting are bounded,
 * and values are built on prototype-free objects, so no element or attribute name (`toString`,
 * `hasOwnProperty`, ...) can read or shadow Object.prototype; `__proto__`, `constructor` and
 * `prototype` are refused by fast-xml-parser.
 *
 * Typing follows FundraisingBox's XML conventions (docs/fundraisingbox.md): strings are CDATA
 * (trimmed), non-string scalars carry `type="integer|float|decimal|boolean|date|datetime"`,
 * an empty typed element (`<fb_project_id type="integer"/>` in the vendor's samples) and
 * `nil="true"` are null, and `type="array"` containers become arrays. Untyped text stays text, so
 * the samples' untyped flags arrive as `"1"`, `"0"` or `""`. Elements that are lists by nature
 * (addresses, e-mail addresses, ...) are arrays even with one entry, and a container holding only
 * such a list (`<fb_person_addresss><fb_person_address>…`, however the container is spelled)
 * becomes that array, so XML and JSON webhooks give the same shape.
 */
import { XMLParser } from '../../shared/xmlParser';

export const MAX_XML_BYTES = 1024 * 1024;
export const MAX_XML_DEPTH = 32;

/** Child elements that are lists even when FundraisingBox sends one of them. */
export const LIST_ELEMENTS = new Set([
	'fb_person_address',
	'fb_person_email_address',
	'fb_person_phone',
	'fb_person_website',
	'fb_person_instant_messenger',
	'fb_person_bank_account',
	'fb_custom_field',
	'custom_field',
]);


/** Custom field elements may carry their id and name as attributes; those are kept, the text is `value`. */
const CUSTOM_FIELD_ELEMENTS = new Set(['fb_custom_field', 'custom_field']);

export type XmlValue = string | number | boolean | null | XmlValue[] | XmlObject;
/** Built on `Object.create(null)`: no prototype to read or shadow. */
export type XmlObject = { [key: string]: XmlValue };

export type XmlParseResult = { ok: true; value: XmlObject } | { ok: false; reason: string };

const TEXT = '#text';
const ATTRIBUTES = ':@';

const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
	['amp', '&'],
	['lt', '<'],
	['gt', '>'],
	['quot', '"'],
	['apos', "'"],
]);
const REFERENCE = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([A-Za-z][\w.-]*));/g;

/** A code point XML allows in a document (XML 1.0, production [2] Char). */
const isXmlChar = (code: number) =>
	code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);

/** The predefined entities and character references decoded in one pass; any other `&name;` stays as text. */
export function decodeReferences(text: string): string {
	if (!text.includes('&')) return text;
	return text.replace(REFERENCE, (reference: string, decimal?: string, hex?: string, name?: string) => {
		if (name !== undefined) return PREDEFINED_ENTITIES.get(name) ?? reference;
		const code = decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16);
		return isXmlChar(code) ? String.fromCodePoint(code) : reference;
	});
}

/** fast-xml-parser's entity decoder, replaced by one that never learns an entity from a DTD. */
const entityDecoder = {
	decode: decodeReferences,
	addInputEntities: () => undefined,
	setExternalEntities: () => undefined,
	reset: () => undefined,
	setXmlVersion: () => undefined,
};

// `preserveOrder` output is the cheapest fast-xml-parser builds (measured with bench/fundraisingBoxXml.ts):
// each element is `{ <tag>: children[], ':@'?: attributes }`, each piece of text `{ '#text': text }`.
const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '',
	preserveOrder: true,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	ignoreDeclaration: true,
	ignorePiTags: true,
	maxNestedTags: MAX_XML_DEPTH,
	entityDecoder,
	// Names are kept as sent (the default renames `toString` to `__toString`): our objects have no prototype.
	onDangerousProperty: (name) => name,
});

type Attributes = Record<string, string>;
type OrderedNode = Record<string, unknown>;
const emptyObject = () => Object.create(null) as XmlObject;
const tagOf = (node: OrderedNode): string => Object.keys(node).find((key) => key !== ATTRIBUTES) ?? TEXT;
const childrenOf = (node: OrderedNode, tag: string) => (Object.hasOwn(node, tag) ? node[tag] : []) as OrderedNode[];
const attributesOf = (node: OrderedNode) => (Object.hasOwn(node, ATTRIBUTES) ? node[ATTRIBUTES] : undefined) as Attributes | undefined;
const attribute = (attributes: Attributes | undefined, name: string) => (attributes && Object.hasOwn(attributes, name) ? attributes[name] : undefined);
const textIn = (node: OrderedNode) => (Object.hasOwn(node, TEXT) ? String(node[TEXT]) : '');

/** Index just past `end` searched from `from`, or -1 when `end` never comes. */
function indexPast(xml: string, end: string, from: number): number {
	const found = xml.indexOf(end, from);
	return found === -1 ? -1 : found + end.length;
}

/**
 * Where the document has a markup declaration (`<!DOCTYPE`, `<!ENTITY`, `<!ELEMENT`, ... in any
 * case) outside comments, CDATA sections and processing instructions: before the root element
 * starts ('prolog'), after it ('content'), or nowhere. The scan skips those three as fast-xml-parser
 * does; an unclosed one ends the scan and the parser refuses the document as malformed.
 */
export function markupDeclaration(xml: string): 'prolog' | 'content' | undefined {
	let rootStarted = false;
	let index = xml.indexOf('<');
	while (index !== -1) {
		if (xml.startsWith('<!--', index)) index = indexPast(xml, '-->', index + 4);
		else if (xml.startsWith('<![CDATA[', index)) index = indexPast(xml, ']]>', index + 9);
		else if (xml.startsWith('<?', index)) index = indexPast(xml, '?>', index + 2);
		else if (xml.startsWith('<!', index)) return rootStarted ? 'content' : 'prolog';
		else {
			rootStarted = true;
			index += 1;
		}
		if (index === -1) return undefined;
		index = xml.indexOf('<', index);
	}
	return undefined;
}

/** A scalar by its `type` attribute; an empty typed element has no value (null, not "" or 0). */
export function typedScalar(text: string, type: string | undefined): XmlValue {
	if (text === '' && type !== undefined) return null;
	switch (type) {
		case 'integer': {
			// Beyond 2^53 a number would lose digits (an id would change): kept as text.
			return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
		}
		case 'float':
		case 'decimal':
		case 'double': {
			// A number in `vendor`; the canonical event takes amounts from the text, as decimal strings.
			const number = Number(text);
			return text !== '' && Number.isFinite(number) ? number : text;
		}
		case 'boolean':
			return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text;
		default:
			return text;
	}
}

/** Attributes other than `type` and `nil` (a custom field's id and name), integers as numbers. */
function extraAttributes(attributes: Attributes | undefined): XmlObject {
	const result = emptyObject();
	for (const [name, raw] of Object.entries(attributes ?? {})) {
		if (name === 'type' || name === 'nil') continue;
		const value = String(raw).trim();
		result[name] = typedScalar(value, /^-?\d+$/.test(value) ? 'integer' : undefined);
	}
	return result;
}

/** True when every child element is the same list element (`<fb_person_addresses><fb_person_address>…`). */
function isListContainer(elements: OrderedNode[]): boolean {
	if (elements.length === 0) return false;
	const first = tagOf(elements[0]);
	return LIST_ELEMENTS.has(first) && elements.every((element) => tagOf(element) === first);
}

/** One element, from its children and attributes, as a plain value. */
function convertElement(tag: string, children: OrderedNode[], attributes: Attributes | undefined): XmlValue {
	if (attribute(attributes, 'nil') === 'true') return null;
	const type = attribute(attributes, 'type');
	const elements = children.filter((child) => tagOf(child) !== TEXT);
	const customField = CUSTOM_FIELD_ELEMENTS.has(tag);
	if (type === 'array' || isListContainer(elements)) {
		return elements.map((element) => {
			const elementTag = tagOf(element);
			return convertElement(elementTag, childrenOf(element, elementTag), attributesOf(element));
		});
	}
	if (elements.length === 0) {
		// Text can come in pieces (text and CDATA); FundraisingBox pads CDATA with whitespace.
		const text = children.map(textIn).join('').trim();
		const value = typedScalar(text, type);
		return customField ? Object.assign(extraAttributes(attributes), { value }) : value;
	}
	const result = customField ? extraAttributes(attributes) : emptyObject();
	const repeated = new Map<string, XmlValue[]>();
	for (const element of elements) {
		const elementTag = tagOf(element);
		const value = convertElement(elementTag, childrenOf(element, elementTag), attributesOf(element));
		const list = repeated.get(elementTag);
		// Lists by nature are arrays even with one entry; any other element that repeats keeps every occurrence.
		if (list) list.push(value);
		else if (LIST_ELEMENTS.has(elementTag)) repeated.set(elementTag, [value]);
		else if (Object.hasOwn(result, elementTag)) repeated.set(elementTag, [result[elementTag], value]);
		else result[elementTag] = value;
	}
	for (const [elementTag, list] of repeated) result[elementTag] = list;
	return result;
}

export function parseFundraisingBoxXml(xml: string | Buffer): XmlParseResult {
	const size = typeof xml === 'string' ? Buffer.byteLength(xml) : xml.length;
	if (size === 0) return { ok: false, reason: 'Empty XML document' };
	if (size > MAX_XML_BYTES) return { ok: false, reason: `XML larger than ${MAX_XML_BYTES} bytes` };
	const text = typeof xml === 'string' ? xml : xml.toString('utf8');
	const declaration = markupDeclaration(text);
	if (declaration === 'prolog') return { ok: false, reason: 'XML with a DOCTYPE or entity declaration is not accepted' };
	// Not well-formed, and fast-xml-parser would still read the entities of a DOCTYPE found there.
	if (declaration === 'content') return { ok: false, reason: 'Malformed XML: markup declaration after the root element starts' };
	let parsed: OrderedNode[];
	try {
		// `true` validates first: without it fast-xml-parser accepts unclosed and mismatched tags.
		parsed = parser.parse(text, true) as OrderedNode[];
	} catch (error) {
		const message = (error as Error).message.split('\n')[0];
		// fast-xml-parser refuses `__proto__`, `constructor` and `prototype` as names: not malformed, refused.
		return { ok: false, reason: message.startsWith('[SECURITY]') ? `XML refused: ${message.replace(/^\[SECURITY\]\s*/, '')}` : `Malformed XML: ${message}` };
	}
	const root = parsed.find((node) => tagOf(node) !== TEXT);
	if (!root) return { ok: false, reason: 'XML has no root element' };
	const tag = tagOf(root);
	const value = emptyObject();
	value[tag] = convertElement(tag, childrenOf(root, tag), attributesOf(root));
	return { ok: true, value };
}
