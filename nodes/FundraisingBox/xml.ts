/**
 * FundraisingBox's typed XML (the "merge webhook" and the XML REST API) → plain values.
 *
 * Safe by construction: a DOCTYPE (and so any DTD or custom entity) is refused before parsing,
 * fast-xml-parser then only knows the predefined XML entities, and size and nesting are bounded.
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
import { XMLParser } from 'fast-xml-parser';

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

export type XmlValue = string | number | boolean | null | XmlValue[] | { [key: string]: XmlValue };

export type XmlParseResult = { ok: true; value: { [key: string]: XmlValue } } | { ok: false; reason: string };

const TEXT = '#text';
const ATTRIBUTES = ':@';

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
});

type Attributes = Record<string, string>;
type OrderedNode = Record<string, unknown>;

const tagOf = (node: OrderedNode): string => {
	for (const key in node) if (key !== ATTRIBUTES) return key;
	return TEXT;
};
const childrenOf = (node: OrderedNode, tag: string) => node[tag] as OrderedNode[];
const attributesOf = (node: OrderedNode) => node[ATTRIBUTES] as Attributes | undefined;

/** A scalar by its `type` attribute; an empty typed element has no value (null, not "" or 0). */
export function typedScalar(text: string, type: string | undefined): XmlValue {
	if (text === '' && type !== undefined) return null;
	switch (type) {
		case 'integer': {
			return /^-?\d+$/.test(text) ? Number(text) : text;
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
function extraAttributes(attributes: Attributes | undefined): { [key: string]: XmlValue } {
	const result: { [key: string]: XmlValue } = {};
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
	if (attributes?.nil === 'true') return null;
	const type = attributes?.type;
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
		const text = children.map((child) => (child[TEXT] as string | undefined) ?? '').join('').trim();
		const value = typedScalar(text, type);
		return customField ? { ...extraAttributes(attributes), value } : value;
	}
	const result: { [key: string]: XmlValue } = customField ? extraAttributes(attributes) : {};
	const repeated = new Map<string, XmlValue[]>();
	for (const element of elements) {
		const elementTag = tagOf(element);
		const value = convertElement(elementTag, childrenOf(element, elementTag), attributesOf(element));
		const list = repeated.get(elementTag);
		// Lists by nature are arrays even with one entry; any other element that repeats keeps every occurrence.
		if (list) list.push(value);
		else if (LIST_ELEMENTS.has(elementTag)) repeated.set(elementTag, [value]);
		else if (elementTag in result) repeated.set(elementTag, [result[elementTag], value]);
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
	if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { ok: false, reason: 'XML with a DOCTYPE or entity declaration is not accepted' };
	let parsed: OrderedNode[];
	try {
		// `true` validates first: without it fast-xml-parser accepts unclosed and mismatched tags.
		parsed = parser.parse(text, true) as OrderedNode[];
	} catch (error) {
		return { ok: false, reason: `Malformed XML: ${(error as Error).message.split('\n')[0]}` };
	}
	const root = parsed.find((node) => tagOf(node) !== TEXT);
	if (!root) return { ok: false, reason: 'XML has no root element' };
	const tag = tagOf(root);
	return { ok: true, value: { [tag]: convertElement(tag, childrenOf(root, tag), attributesOf(root)) } };
}
