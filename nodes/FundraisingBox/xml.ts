/**
 * FundraisingBox's typed XML (the "merge webhook" and the XML REST API) → plain values.
 *
 * Safe by construction: a DOCTYPE (and so any DTD or custom entity) is refused before parsing,
 * fast-xml-parser then only knows the predefined XML entities, and size and nesting are bounded.
 *
 * Typing follows FundraisingBox's XML conventions (docs/fundraisingbox.md): strings are CDATA
 * (trimmed), non-string scalars carry `type="integer|float|decimal|boolean|date|datetime"`,
 * `nil="true"` is null, and `type="array"` containers become arrays. Elements that are lists by
 * nature (addresses, e-mail addresses, ...) are arrays even with one entry, and a container holding
 * only such a list (`<fb_person_addresses><fb_person_address>…`) becomes that array, so XML and
 * JSON webhooks give the same shape.
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

const ATTRIBUTE = '@_';
const TEXT = '#text';

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: ATTRIBUTE,
	textNodeName: TEXT,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	ignoreDeclaration: true,
	ignorePiTags: true,
	maxNestedTags: MAX_XML_DEPTH,
	isArray: (tagName, _path, _isLeaf, isAttribute) => !isAttribute && LIST_ELEMENTS.has(tagName),
});

type RawNode = string | { [key: string]: RawNode | RawNode[] } | RawNode[];

function typedScalar(text: string, type: string | undefined): XmlValue {
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

function attributesOf(node: { [key: string]: RawNode | RawNode[] }): { [key: string]: XmlValue } {
	const attributes: { [key: string]: XmlValue } = {};
	for (const key of Object.keys(node)) {
		if (key.startsWith(ATTRIBUTE) && key !== `${ATTRIBUTE}type` && key !== `${ATTRIBUTE}nil`) {
			attributes[key.slice(ATTRIBUTE.length)] = typedScalar(String(node[key]).trim(), /^-?\d+$/.test(String(node[key]).trim()) ? 'integer' : undefined);
		}
	}
	return attributes;
}

function convert(node: RawNode | undefined, element = ''): XmlValue {
	if (node === undefined) return null;
	// CDATA content is not trimmed by the parser; FundraisingBox pads it with whitespace.
	if (typeof node === 'string') return CUSTOM_FIELD_ELEMENTS.has(element) ? { value: node.trim() } : node.trim();
	if (Array.isArray(node)) return node.map((entry) => convert(entry, element));
	const type = typeof node[`${ATTRIBUTE}type`] === 'string' ? (node[`${ATTRIBUTE}type`] as string) : undefined;
	if (node[`${ATTRIBUTE}nil`] === 'true') return null;
	const children = Object.keys(node).filter((key) => !key.startsWith(ATTRIBUTE) && key !== TEXT);
	if (type === 'array' || (children.length === 1 && LIST_ELEMENTS.has(children[0]))) {
		return children.flatMap((key) => {
			const value = node[key];
			return Array.isArray(value) ? value.map((entry) => convert(entry, key)) : [convert(value, key)];
		});
	}
	if (children.length === 0) {
		const text = typeof node[TEXT] === 'string' ? (node[TEXT] as string).trim() : '';
		const value = typedScalar(text, type);
		return CUSTOM_FIELD_ELEMENTS.has(element) ? { ...attributesOf(node), value } : value;
	}
	const result: { [key: string]: XmlValue } = CUSTOM_FIELD_ELEMENTS.has(element) ? attributesOf(node) : {};
	for (const key of children) result[key] = convert(node[key], key);
	return result;
}

export function parseFundraisingBoxXml(xml: string | Buffer): XmlParseResult {
	const size = typeof xml === 'string' ? Buffer.byteLength(xml) : xml.length;
	if (size === 0) return { ok: false, reason: 'Empty XML document' };
	if (size > MAX_XML_BYTES) return { ok: false, reason: `XML larger than ${MAX_XML_BYTES} bytes` };
	const text = typeof xml === 'string' ? xml : xml.toString('utf8');
	if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { ok: false, reason: 'XML with a DOCTYPE or entity declaration is not accepted' };
	let parsed: { [key: string]: RawNode };
	try {
		parsed = parser.parse(text, true) as { [key: string]: RawNode };
	} catch (error) {
		return { ok: false, reason: `Malformed XML: ${(error as Error).message.split('\n')[0]}` };
	}
	const value = convert(parsed);
	if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0) {
		return { ok: false, reason: 'XML has no root element' };
	}
	return { ok: true, value };
}
