/**
 * The reader side of the canonical event contract (docs/canonical-event.md, "Reading events
 * (sinks)"). The writers are the triggers' normalize functions, which build every event with
 * CANONICAL_EVENT_VERSION; every sink (SmartBusiness, Salesforce Mapper) reads its input items with
 * readCanonicalEvent, which accepts an event of a schemaVersion this version of the pack reads and
 * otherwise says what is wrong and what to do.
 */
import { CANONICAL_EVENT_VERSION, type CanonicalEvent } from './canonicalEvent';

/** Every schemaVersion the sinks of this version read: they keep reading every version they ever read (README, versioning). */
export const READABLE_SCHEMA_VERSIONS: readonly number[] = [CANONICAL_EVENT_VERSION];

/** The fields that make an item an event of this pack, and that every sink relies on. */
const IDENTITY_FIELDS = ['schemaVersion', 'source', 'event', 'eventId'] as const;
const TEXT_FIELDS = ['source', 'event', 'eventId'] as const;
/** Object or null; `contact` always present (sinks make people from it), the others where the writer set them. */
const REQUIRED_OBJECT_FIELDS = ['contact'] as const;
const OPTIONAL_OBJECT_FIELDS = ['affiliate', 'payment', 'subscription', 'product'] as const;

const CONNECT_TRIGGER = 'Connect a Digistore24, FundraisingBox or OnlineFundraising trigger of this pack';
const KEEP_FIELDS = "Pass the trigger's items to this node unchanged (a node in between, such as Set or Code, must keep every field of the event).";

/** An input item that is not a canonical event this version reads; the message is for the user. */
export class CanonicalEventError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CanonicalEventError';
	}
}

const has = (item: object, field: string) => Object.prototype.hasOwnProperty.call(item, field);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function kindOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function schemaVersionProblem(version: unknown): string | undefined {
	if (typeof version === 'number' && READABLE_SCHEMA_VERSIONS.includes(version)) return undefined;
	const readable = READABLE_SCHEMA_VERSIONS.join(', ');
	if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
		return `its schemaVersion is ${JSON.stringify(version) ?? String(version)}, not a version of this pack's events (this node reads schemaVersion ${readable}). ${KEEP_FIELDS}`;
	}
	const newer = version > Math.max(...READABLE_SCHEMA_VERSIONS);
	return (
		`schemaVersion ${version} is not supported by this version of the node (it reads schemaVersion ${readable}). ` +
		(newer
			? 'The event was written by a newer version of n8n-nodes-fundraising-sync: update the package on this n8n instance to that version or later.'
			: 'The event was written by an older version of n8n-nodes-fundraising-sync that this version no longer reads: run it through that version, or re-send it through a trigger of this version.')
	);
}

function fieldProblems(item: Record<string, unknown>): string[] {
	const problems: string[] = [];
	for (const field of [...TEXT_FIELDS, ...REQUIRED_OBJECT_FIELDS]) if (!has(item, field)) problems.push(`missing field ${field}`);
	for (const field of TEXT_FIELDS) {
		if (has(item, field) && (typeof item[field] !== 'string' || item[field] === '')) problems.push(`${field} must be a non-empty text, not ${item[field] === '' ? 'empty' : kindOf(item[field])}`);
	}
	for (const field of [...REQUIRED_OBJECT_FIELDS, ...OPTIONAL_OBJECT_FIELDS]) {
		if (has(item, field) && item[field] !== null && !isObject(item[field])) problems.push(`${field} must be an object or null, not ${kindOf(item[field])}`);
	}
	return problems;
}

/**
 * The input item as a canonical event (the same object, typed), or a CanonicalEventError naming what
 * is wrong: not an event of this pack, a schemaVersion this version does not read, or missing or
 * mistyped fields. `alternative` names another way the sink can be used (e.g. `or choose "Fields Below"`).
 */
export function readCanonicalEvent(json: unknown, alternative?: string): CanonicalEvent {
	if (!isObject(json) || !IDENTITY_FIELDS.some((field) => has(json, field))) {
		throw new CanonicalEventError(
			`The input item is not an event from a trigger of this pack (it has none of ${IDENTITY_FIELDS.join(', ')}). ${CONNECT_TRIGGER}${alternative ? `, ${alternative}` : ''}.`,
		);
	}
	if (!has(json, 'schemaVersion')) throw new CanonicalEventError(`The input item is not a complete event of this pack: missing field schemaVersion. ${KEEP_FIELDS}`);
	// The version first: another version may name its fields differently.
	const versionProblem = schemaVersionProblem(json.schemaVersion);
	if (versionProblem) throw new CanonicalEventError(`The input item is an event of this pack, but cannot be read: ${versionProblem}`);
	const problems = fieldProblems(json);
	if (problems.length > 0) throw new CanonicalEventError(`The input item is not a complete event of this pack: ${problems.join('; ')}. ${KEEP_FIELDS}`);
	return json as unknown as CanonicalEvent;
}
