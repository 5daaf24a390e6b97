/**
 * A fake OnlineFundraising Payment API (and DataSet API) on loopback, built from the vendor's help
 * centre (support.onlinefundraising.dk, API Documentation) and the older Confluence pages; every
 * behaviour below is a row of the contract table in docs/onlinefundraising.md, with its source or
 * ASSUMED:
 *
 * - The API key raw in `Authorization` (no scheme word). A missing or wrong key → 401; the status and
 *   body for that case are NOT documented (keys are also IP-bound), 401 with an error body is assumed.
 * - Every POST, PUT and PATCH carries `RequestMD5` or `Content-MD5`: the upper-case hex MD5 of the exact
 *   body bytes. Missing or different → 400 `{ errorCode, errorDescription }`. Writes must also say
 *   `Content-Type: application/json` and carry a JSON object.
 * - JSON answers with `Content-Type: application/json; charset=utf-8`; 201 for a created entity, 200 otherwise.
 * - Lists: `pageNumber` (from 1) and `pageSize` (default 50; the maximum is undocumented, the fake caps
 *   at 50 and echoes the size it used) → `{ pageNumber, pageSize, list }`, in creation order.
 * - `GET /<entity>/{guid}`; unknown → 404 with the documented texts: "Contact was not found",
 *   "Agreement not found", "Subscription not found", "Data Set was not found" (payment and payment
 *   method texts are not documented; the 404 errorCode is not documented, the fake sends "404").
 * - Archived contacts are "hidden from queries" (Contact › archivedTs): `GET /contacts` leaves them out
 *   unless `archived=true` ("defaults to false"). Whether `GET /contact/{guid}` still answers for them
 *   is not documented: by default the fake answers 404, the reading under which archive and merge
 *   webhooks are hardest to handle, and the same for an archived agreement (state "Archived");
 *   `archivedByGuid: 'found'` gives the other reading.
 * - Subscriptions in the newest documented shape (the help-centre article without the slug):
 *   `startDate` a timestamp, `cancelCode`/`errorCode` integers (null when there is none: ASSUMED),
 *   `updatedTs` and `inactivatedTs`, no `version`.
 * - Payments carry `state` with the help centre's payment states (Introduction: Payments) written in
 *   PascalCase like the subscription's "Pending" (ASSUMED: only UI labels are documented); `Charged` by
 *   default. `refundPayment` is a merchant's Refund once processed: the state becomes Refunded.
 * - Timestamps `yyyy-MM-dd HH:mm:ss Z` in Europe/Copenhagen, empty values `""`, amounts as numbers.
 * - 400 errorCodes: only "10001" is documented (as an example, meaning unknown); the fake uses it for
 *   every invalid request.
 *
 * - Outages (test-side, `outage()`): every request answered 503 with `Retry-After` or 429, or never
 *   answered. The statuses OnlineFundraising sends while down are not documented (seed 001 lists 500 and
 *   501); a gateway's 503 and a rate limit's 429 are ASSUMED, and the node treats every 5xx alike.
 *   `refuseNext(n, 429 | 503)` (./loopbackFake.ts) refuses only the next n requests, the 429 with
 *   `Retry-After` in seconds (ASSUMED: OnlineFundraising documents no rate limit at all).
 * - For the trigger's bounds, the fake counts reads by GUID (`readsOf`) and the most requests it had
 *   in flight at once (`maxInFlight`); `readDelayMs` holds each answer so concurrency shows.
 *
 * Endpoints: contacts (`search` by email or msisdn, `archived`), contact create and update (`PUT
 * /contact/{guid}`, UNCONFIRMED), agreements (`state`), agreement create, subscriptions (`startDate`,
 * `endDate` on the creation date, `state`), subscription create, payments (list UNCONFIRMED, same
 * filters), payment, paymentMethod (path UNCONFIRMED), dataSets (`startDate`, `endDate`), dataSet create.
 */
import { createHash, randomUUID } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { wallClockIn } from '../../nodes/shared/canonicalEvent';
import { jsonOrText, LoopbackFake, type RecordedHttpCall } from './loopbackFake';

export interface OnlineFundraisingFakeCall extends RecordedHttpCall {
	/** The vendor's errorDescription when the fake refused. */
	errorDescription?: string;
}

type Entity = Record<string, unknown>;

const ENTITY_TYPES = ['contact', 'agreement', 'subscription', 'payment', 'paymentMethod', 'dataSet'] as const;
type EntityType = (typeof ENTITY_TYPES)[number];

/** Collection path → entity type. */
const COLLECTIONS: Record<string, EntityType> = {
	contacts: 'contact',
	agreements: 'agreement',
	subscriptions: 'subscription',
	payments: 'payment',
	dataSets: 'dataSet',
};

const NOT_FOUND: Record<EntityType, string> = {
	contact: 'Contact was not found',
	agreement: 'Agreement not found',
	subscription: 'Subscription not found',
	payment: 'Payment was not found',
	paymentMethod: 'Payment Method was not found',
	dataSet: 'Data Set was not found',
};

const CONTACT_WRITABLE = [
	'name', 'birthDate', 'nationalId', 'address', 'address2', 'postCode', 'city', 'countryCode', 'msisdn', 'email',
	'firstName', 'lastName', 'companyName', 'businessCode', 'contactType', 'externalId', 'externalLink', 'originTs',
];
const AGREEMENT_REQUIRED = ['name', 'agreementType', 'unit', 'unitPrice', 'amount', 'amountVat', 'amountTotal', 'taxDeductable', 'vatPercentage', 'currencyCode'];
const AGREEMENT_WRITABLE = [
	...AGREEMENT_REQUIRED, 'description', 'purposeAccountingCode', 'scheduleType', 'scheduleBaseTier', 'scheduleFixedDay',
	'scheduleEveryOther', 'scheduleCalendarUnit', 'scheduleSelectedSet', 'communicationCollectionGuid', 'contactGuid', 'dataSetGuid',
];
const SUBSCRIPTION_REQUIRED = ['contactGuid', 'agreementGuid', 'paymentMethodGuid', 'startDate'];
const SUBSCRIPTION_WRITABLE = [...SUBSCRIPTION_REQUIRED, 'paymentMethodType', 'expiresAfterDate', 'quantity', 'externalId', 'externalLink', 'dataSetGuid'];
const DATASET_WRITABLE = ['vendor', 'sourceType', 'isTransactional', 'isThirdParty', 'sensitive_data', 'jsonElement'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;

class BadRequest extends Error {}

/** Now (or a given instant) as OnlineFundraising writes timestamps: `2019-12-31 15:59:59 +0100`. */
export function copenhagenTimestamp(instant = new Date()): string {
	const seconds = new Date(Math.floor(instant.getTime() / 1000) * 1000);
	const wall = wallClockIn(seconds, 'Europe/Copenhagen');
	const offsetMinutes = Math.round((Date.parse(`${wall.replace(' ', 'T')}Z`) - seconds.getTime()) / 60000);
	const abs = Math.abs(offsetMinutes);
	return `${wall} ${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

export function upperMd5(text: Buffer | string): string {
	return createHash('md5').update(text).digest('hex').toUpperCase();
}

/** `2026-07-01` → `2026-07-01 00:00:00 +0200`: the start of that day in Copenhagen. */
export function copenhagenMidnight(day: string): string {
	for (const offsetHours of [1, 2]) {
		const stamp = copenhagenTimestamp(new Date(Date.parse(`${day}T00:00:00Z`) - offsetHours * 3_600_000));
		if (stamp.startsWith(`${day} 00:00:00`)) return stamp;
	}
	return `${day} 00:00:00 +0100`;
}

function isRealDate(value: string): boolean {
	if (!DATE.test(value)) return false;
	const [year, month, day] = value.split('-').map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function pick(body: Entity, keys: readonly string[]): Entity {
	return Object.fromEntries(keys.filter((key) => key in body).map((key) => [key, body[key]]));
}

export class FakeOnlineFundraisingApi extends LoopbackFake<OnlineFundraisingFakeCall> {
	protected override readonly jsonContentType = 'application/json; charset=utf-8';
	readonly merchantId: string;
	/** Requests being answered now, and the most at once since the last resetLoad(). */
	inFlight = 0;
	maxInFlight = 0;
	/** Milliseconds each answer is held back. */
	readDelayMs = 0;
	private failure?: 503 | 429 | 'hang';
	private readonly store = Object.fromEntries(ENTITY_TYPES.map((type) => [type, new Map<string, Entity>()])) as Record<EntityType, Map<string, Entity>>;

	constructor(private readonly options: { apiKey: string; merchantId?: string; archivedByGuid?: 'notFound' | 'found' }) {
		super();
		this.merchantId = options.merchantId ?? 'fake-organisation';
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}/payment-api`;
	}

	// ---- Test-side data entry (what happens in OnlineFundraising without the API) ----

	addContact(fields: Entity = {}): Entity {
		return this.insert('contact', {
			name: 'Jens Jensen', birthDate: '', nationalId: '', address: '', address2: '', postCode: '', city: '', countryCode: 'DK',
			msisdn: '', email: '', firstName: 'Jens', lastName: 'Jensen', companyName: '', businessCode: '', contactType: 'individual',
			updatedTs: '', archivedTs: '', originTs: '', anonymizedTs: '', mergeTargetGuid: '', externalId: '', externalLink: '',
			...fields,
		});
	}

	addAgreement(fields: Entity = {}): Entity {
		return this.insert('agreement', {
			state: 'Available', name: 'Membership', description: '', agreementType: 'Shared', purposeAccountingCode: '', unit: 'pcs',
			unitPrice: 100.0, amount: 100.0, amountVat: 0.0, amountTotal: 100.0, vatPercentage: 0.0, currencyCode: 'DKK', taxDeductable: false,
			scheduleType: 'Monthly', scheduleBaseTier: 1, scheduleFixedDay: 1, scheduleEveryOther: 1, scheduleCalendarUnit: 'Month',
			scheduleSelectedSet: '', communicationCollectionGuid: '', contactGuid: '', dataSetGuid: '',
			...fields,
		});
	}

	addPaymentMethod(fields: Entity = {}): Entity {
		// The property list is not documented; these follow the webhook events and the error codes (B.5, B.6).
		return this.insert('paymentMethod', {
			contactGuid: 'contactGuid' in fields ? fields.contactGuid : this.addContact().contactGuid,
			paymentMethodType: 'Betalingsservice', state: 'Active', updatedTs: '', errorCode: '', errorDescription: '',
			gatewayErrorCode: '', gatewayErrorDescription: '', cancelCode: '', cancelDescription: '', externalId: '',
			...fields,
		});
	}

	/** A subscription in the newest documented shape (startDate a timestamp, integer codes). */
	addSubscription(fields: Entity = {}): Entity {
		const contactGuid = 'contactGuid' in fields ? fields.contactGuid : this.addContact().contactGuid;
		return this.insert('subscription', {
			contactGuid,
			agreementGuid: 'agreementGuid' in fields ? fields.agreementGuid : this.addAgreement().agreementGuid,
			state: 'Active', paymentMethodType: 'Betalingsservice',
			paymentMethodGuid: 'paymentMethodGuid' in fields ? fields.paymentMethodGuid : this.addPaymentMethod({ contactGuid }).paymentMethodGuid,
			updatedTs: '', startDate: copenhagenTimestamp(), expiresAfterDate: '', cancelledTs: '', cancelCode: null, cancelDescription: '',
			holdDescription: '', archivedTs: '', inactivatedTs: '', quantity: 1, errorCode: null, errorDescription: '', nextDueDate: '',
			externalId: '', externalLink: '', dataSetGuid: '',
			...fields,
		});
	}

	/** Archives a contact as OnlineFundraising does on archive or merge (merge: the one merged away). */
	archiveContact(guid: string, mergeTargetGuid = ''): void {
		Object.assign(this.store.contact.get(guid)!, { archivedTs: copenhagenTimestamp(), updatedTs: copenhagenTimestamp(), mergeTargetGuid });
	}

	archiveAgreement(guid: string): void {
		this.store.agreement.get(guid)!.state = 'Archived';
	}

	addPayment(fields: Entity = {}): Entity {
		// The property list is not documented beyond paymentMethodAccountingCode, the states and the error codes.
		return this.insert('payment', {
			subscriptionGuid: '', agreementGuid: '', contactGuid: '', paymentMethodGuid: '', paymentMethodType: 'Card', state: 'Charged',
			amount: 100.0, currencyCode: 'DKK', dueDate: copenhagenTimestamp().slice(0, 10), chargedTs: '', refundedTs: '',
			errorCode: '', errorDescription: '', paymentMethodAccountingCode: '', updatedTs: '', externalId: '', dataSetGuid: '',
			...fields,
		});
	}

	/** A merchant's Refund once processed: "The payment status changes to Refunded" (help centre, How to refund a payment). */
	refundPayment(guid: string): void {
		Object.assign(this.store.payment.get(guid)!, { state: 'Refunded', refundedTs: copenhagenTimestamp(), updatedTs: copenhagenTimestamp() });
	}

	addDataSet(fields: Entity = {}): Entity {
		return this.insert('dataSet', {
			updatedTs: '', sourceType: 'form', sourceGuid: '101', isTransactional: true, isThirdParty: false, sensitive_data: [], vendor: '',
			jsonElement: { formResult: {}, formFields: [] },
			...fields,
		});
	}

	/** From now on every request is answered 503 (with Retry-After) or 429, or never answered; undefined ends the outage. */
	outage(failure: 503 | 429 | 'hang' | undefined): void {
		this.failure = failure;
	}

	/** Refusals (`refuseNext`) in OnlineFundraising's error shape; their Retry-After is ASSUMED (undocumented). */
	protected override refusalBody(status: number): { contentType: string; text: string } {
		return { contentType: 'application/json; charset=utf-8', text: JSON.stringify({ errorCode: String(status), errorDescription: status === 429 ? 'Too many requests' : 'Service unavailable' }) };
	}

	resetLoad(): void {
		this.maxInFlight = this.inFlight;
	}

	/** The `GET /<entityType>/{guid}` requests received for one GUID. */
	readsOf(entityType: string, guid: string): OnlineFundraisingFakeCall[] {
		return this.calls.filter((call) => call.method === 'GET' && call.path === `/payment-api/${entityType}/${encodeURIComponent(guid)}`);
	}

	/** The stored entity (a copy), or undefined. */
	entity(type: EntityType, guid: string): Entity | undefined {
		const stored = this.store[type].get(guid);
		return stored ? structuredClone(stored) : undefined;
	}

	private insert(type: EntityType, fields: Entity): Entity {
		const guid = typeof fields[`${type}Guid`] === 'string' && fields[`${type}Guid`] !== '' ? (fields[`${type}Guid`] as string) : randomUUID();
		const entity: Entity = { [`${type}Guid`]: guid, merchantId: this.merchantId, createdTs: copenhagenTimestamp(), ...fields };
		entity[`${type}Guid`] = guid;
		this.store[type].set(guid, entity);
		return structuredClone(entity);
	}

	// ---- HTTP ----

	protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		res.on('close', () => this.inFlight--);
		if (this.readDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.readDelayMs));
		const { method, url, headers, raw, text } = await this.receive(req);
		// Text that is not JSON is kept as text; a write with it is refused below.
		const body = jsonOrText(text);
		const call: OnlineFundraisingFakeCall = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), body, headers };
		this.calls.push(call);
		const answer = (status: number, json: unknown) => {
			call.status = status;
			this.sendJson(res, status, json);
		};
		const error = (status: number, errorCode: string, errorDescription: string) => {
			call.errorDescription = errorDescription;
			answer(status, { errorCode, errorDescription });
		};

		if (this.failure === 'hang') return;
		if (this.failure === 503) {
			call.status = 503;
			res.writeHead(503, { 'content-type': 'text/html', 'retry-after': '30' });
			return void res.end('<html><body>503 Service Unavailable</body></html>');
		}
		if (this.failure === 429) return error(429, '429', 'Too many requests');
		if (headers.authorization !== this.options.apiKey) return error(401, '401', 'Unauthorized: unknown API key');
		const isWrite = method === 'POST' || method === 'PUT' || method === 'PATCH';
		if (isWrite) {
			const sent = headers.requestmd5 ?? headers['content-md5'];
			if (sent === undefined) return error(400, '10001', 'Missing RequestMD5 header');
			if (sent !== upperMd5(raw)) return error(400, '10001', 'RequestMD5 does not match the request body');
			if (!/^application\/json\b/i.test(headers['content-type'] ?? '')) return error(400, '10001', 'Content-Type must be application/json; charset=utf-8');
			if (typeof body !== 'object' || body === null || Array.isArray(body)) return error(400, '10001', 'The request body is not a JSON object');
		}

		const route = /^\/payment-api\/([A-Za-z]+)(?:\/([^/]+))?$/.exec(url.pathname);
		const collection = route && route[2] === undefined ? COLLECTIONS[route[1]] : undefined;
		const type = route && (ENTITY_TYPES as readonly string[]).includes(route[1]) ? (route[1] as EntityType) : undefined;
		const guid = route?.[2] === undefined ? undefined : decodeURIComponent(route[2]);
		try {
			if (method === 'GET' && collection) return answer(200, this.list(collection, call.query));
			if (method === 'GET' && type && guid !== undefined) {
				const entity = this.store[type].get(guid);
				return entity && !this.hiddenByGuid(type, entity) ? answer(200, entity) : error(404, '404', NOT_FOUND[type]);
			}
			if (method === 'POST' && type && guid === undefined && type !== 'payment' && type !== 'paymentMethod') {
				return answer(201, this.create(type, body as Entity));
			}
			if (method === 'PUT' && type === 'contact' && guid !== undefined) {
				const contact = this.store.contact.get(guid);
				if (!contact || this.hiddenByGuid('contact', contact)) return error(404, '404', NOT_FOUND.contact);
				Object.assign(contact, pick(body as Entity, CONTACT_WRITABLE), { updatedTs: copenhagenTimestamp() });
				return answer(200, contact);
			}
		} catch (failure) {
			if (failure instanceof BadRequest) return error(400, '10001', failure.message);
			throw failure;
		}
		return error(404, '404', `No endpoint ${method} ${url.pathname}`);
	}

	private hiddenByGuid(type: EntityType, entity: Entity): boolean {
		if (this.options.archivedByGuid === 'found') return false;
		return (type === 'contact' && entity.archivedTs !== '') || (type === 'agreement' && entity.state === 'Archived');
	}

	private create(type: EntityType, body: Entity): Entity {
		switch (type) {
			case 'contact':
				// "our API accepts the given properties as is, and will not validate e.g. email, msisdn, nationalId …"
				return this.addContact(pick(body, CONTACT_WRITABLE));
			case 'agreement': {
				const missing = AGREEMENT_REQUIRED.filter((key) => body[key] === undefined || body[key] === '' || body[key] === null);
				if (missing.length > 0) throw new BadRequest(`Missing mandatory properties: ${missing.join(', ')}`);
				if (String(body.name).length > 30) throw new BadRequest('name must be at most 30 characters');
				if (!['Personal', 'Shared'].includes(String(body.agreementType))) throw new BadRequest('agreementType must be Personal or Shared');
				for (const key of ['unitPrice', 'amount', 'amountVat', 'amountTotal', 'vatPercentage']) {
					if (typeof body[key] !== 'number') throw new BadRequest(`${key} must be a number`);
				}
				return this.addAgreement(pick(body, AGREEMENT_WRITABLE));
			}
			case 'subscription': {
				const missing = SUBSCRIPTION_REQUIRED.filter((key) => typeof body[key] !== 'string' || body[key] === '');
				if (missing.length > 0) throw new BadRequest(`Missing mandatory properties: ${missing.join(', ')}`);
				if (!isRealDate(String(body.startDate))) throw new BadRequest('startDate must be a date (yyyy-MM-dd)');
				if (body.expiresAfterDate !== undefined && body.expiresAfterDate !== '' && !isRealDate(String(body.expiresAfterDate))) {
					throw new BadRequest('expiresAfterDate must be a date (yyyy-MM-dd)');
				}
				for (const [key, referenced] of [['contactGuid', 'contact'], ['agreementGuid', 'agreement'], ['paymentMethodGuid', 'paymentMethod']] as const) {
					if (!this.store[referenced].has(String(body[key]))) throw new BadRequest(`${NOT_FOUND[referenced]}: ${String(body[key])}`);
				}
				const paymentMethod = this.store.paymentMethod.get(String(body.paymentMethodGuid))!;
				const fields = pick(body, SUBSCRIPTION_WRITABLE);
				// Sent as a date; the newest example answers it as a timestamp (the start of that day in Copenhagen).
				return this.addSubscription({ state: 'Pending', paymentMethodType: paymentMethod.paymentMethodType, ...fields, startDate: copenhagenMidnight(String(body.startDate)) });
			}
			case 'dataSet':
				// "we do not validate the posted data or structure. We simply store data as it is received"
				return this.addDataSet({ sourceType: 'api', sourceGuid: '', ...pick(body, DATASET_WRITABLE) });
			default:
				throw new BadRequest(`${type} cannot be created`);
		}
	}

	private list(type: EntityType, query: Record<string, string>): { pageNumber: number; pageSize: number; list: Entity[] } {
		const pageNumber = positiveInteger('pageNumber', query.pageNumber, 1);
		const pageSize = Math.min(positiveInteger('pageSize', query.pageSize, 50), 50);
		const filters: Array<(entity: Entity) => boolean> = [];
		if (type === 'contact') {
			// "Use archived (defaults to false)": archived contacts are hidden unless asked for.
			const archivedQuery = query.archived ?? 'false';
			if (archivedQuery !== 'true' && archivedQuery !== 'false') throw new BadRequest('archived must be true or false');
			const archived = archivedQuery === 'true';
			filters.push((contact) => (contact.archivedTs !== '') === archived);
			if (query.search !== undefined && query.search !== '') {
				const search = query.search.trim().toLowerCase();
				filters.push((contact) => String(contact.email).toLowerCase() === search || String(contact.msisdn) === search);
			}
		}
		if (query.state !== undefined && query.state !== '' && (type === 'agreement' || type === 'subscription' || type === 'payment')) {
			filters.push((entity) => entity.state === query.state);
		}
		if (type === 'subscription' || type === 'payment' || type === 'dataSet') {
			for (const [name, compare] of [['startDate', (day: string, bound: string) => day >= bound], ['endDate', (day: string, bound: string) => day <= bound]] as const) {
				const bound = query[name];
				if (bound === undefined || bound === '') continue;
				if (!isRealDate(bound)) throw new BadRequest(`${name} must be a date (yyyy-MM-dd)`);
				filters.push((entity) => compare(String(entity.createdTs).slice(0, 10), bound));
			}
		}
		const matching = [...this.store[type].values()].filter((entity) => filters.every((filter) => filter(entity)));
		const start = (pageNumber - 1) * pageSize;
		return { pageNumber, pageSize, list: matching.slice(start, start + pageSize) };
	}
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
	if (value === undefined || value === '') return fallback;
	if (!/^\d+$/.test(value) || Number(value) < 1) throw new BadRequest(`${name} must be a positive integer`);
	return Number(value);
}
