/** The reader side of the canonical event contract: what sinks accept, and what they say about anything else. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { normalizeDigistore24Ipn } from '../../../nodes/Digistore24/toCanonicalEvent';
import { normalizeFundraisingBoxWebhook } from '../../../nodes/FundraisingBox/toCanonicalEvent';
import { CANONICAL_EVENT_VERSION } from '../../../nodes/shared/canonicalEvent';
import { CanonicalEventError, READABLE_SCHEMA_VERSIONS, readCanonicalEvent } from '../../../nodes/shared/canonicalEventReader';

const fixture = (path: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures', path), 'utf8'));

/** Events as two writers (triggers) emit them, passed on as n8n passes items: plain JSON. */
const order = JSON.parse(JSON.stringify(normalizeDigistore24Ipn(fixture('digistore24/captured-on-payment.json'), { receivedAt: new Date('2026-08-18T06:41:50Z') })));
const donation = JSON.parse(
	JSON.stringify(normalizeFundraisingBoxWebhook(fixture('fundraisingbox/json-webhook.json'), { vendorEvent: 'online_donation.create', requestId: 'req-77', receivedAt: new Date('2026-11-20T08:30:05Z') })),
);

const without = (event: Record<string, unknown>, field: string) => Object.fromEntries(Object.entries(event).filter(([key]) => key !== field));
const readError = (json: unknown, alternative?: string): CanonicalEventError => {
	try {
		readCanonicalEvent(json, alternative);
	} catch (error) {
		return error as CanonicalEventError;
	}
	throw new Error('read without an error');
};

describe('readCanonicalEvent', () => {
	it('reads what every writer writes: the same item, typed', () => {
		expect(READABLE_SCHEMA_VERSIONS).toContain(CANONICAL_EVENT_VERSION);
		expect(readCanonicalEvent(order)).toBe(order);
		expect(readCanonicalEvent(donation)).toBe(donation);
		// An affiliation has no contact (null, not absent): still an event sinks read (and skip).
		expect(readCanonicalEvent({ ...order, event: 'affiliate.created', contact: null, payment: null })).toMatchObject({ contact: null });
	});

	it('refuses an item that is not an event of this pack, and says what to connect', () => {
		for (const json of [{ name: 'x' }, {}, [], null, 'text']) {
			const error = readError(json);
			expect(error).toBeInstanceOf(CanonicalEventError);
			expect(error.message).toBe(
				'The input item is not an event from a trigger of this pack (it has none of schemaVersion, source, event, eventId). Connect a Digistore24, FundraisingBox or OnlineFundraising trigger of this pack.',
			);
		}
		expect(readError({ name: 'x' }, 'or choose "Fields Below"').message).toMatch(/OnlineFundraising trigger of this pack, or choose "Fields Below"\.$/);
		// A field of that name on Object.prototype does not make an event.
		expect(readError(Object.create({ eventId: 'x' })).message).toMatch(/not an event from a trigger of this pack/);
	});

	it('names a missing schemaVersion and says to pass the items on unchanged', () => {
		expect(readError(without(order, 'schemaVersion')).message).toBe(
			"The input item is not a complete event of this pack: missing field schemaVersion. Pass the trigger's items to this node unchanged (a node in between, such as Set or Code, must keep every field of the event).",
		);
	});

	it('names a schemaVersion this version of the node does not read, and what to do', () => {
		expect(readError({ ...order, schemaVersion: 2 }).message).toBe(
			'The input item is an event of this pack, but cannot be read: schemaVersion 2 is not supported by this version of the node (it reads schemaVersion 1). The event was written by a newer version of n8n-nodes-fundraising-sync: update the package on this n8n instance to that version or later.',
		);
		for (const version of ['1', 0, 1.5, null]) {
			expect(readError({ ...order, schemaVersion: version }).message).toBe(
				`The input item is an event of this pack, but cannot be read: its schemaVersion is ${JSON.stringify(version)}, not a version of this pack's events (this node reads schemaVersion 1). Pass the trigger's items to this node unchanged (a node in between, such as Set or Code, must keep every field of the event).`,
			);
		}
	});

	it('checks the version before the fields (another version may name them differently)', () => {
		expect(readError({ schemaVersion: 2, id: 'x' }).message).toMatch(/schemaVersion 2 is not supported by this version of the node/);
	});

	it('names every missing field', () => {
		expect(readError(without(order, 'eventId')).message).toBe(
			"The input item is not a complete event of this pack: missing field eventId. Pass the trigger's items to this node unchanged (a node in between, such as Set or Code, must keep every field of the event).",
		);
		expect(readError({ schemaVersion: 1, eventId: 'x' }).message).toMatch(/: missing field source; missing field event; missing field contact\. Pass/);
	});

	it('names fields of the wrong kind', () => {
		expect(readError({ ...order, eventId: 42 }).message).toMatch(/: eventId must be a non-empty text, not a number\. Pass/);
		expect(readError({ ...order, source: '' }).message).toMatch(/: source must be a non-empty text, not empty\. Pass/);
		expect(readError({ ...order, contact: 'Anna' }).message).toMatch(/: contact must be an object or null, not a string\. Pass/);
		expect(readError({ ...order, payment: [] }).message).toMatch(/: payment must be an object or null, not a list\. Pass/);
		expect(readError({ ...order, event: null, product: 3 }).message).toMatch(/: event must be a non-empty text, not null; product must be an object or null, not a number\. Pass/);
	});
});
