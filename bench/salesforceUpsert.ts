/**
 * Benchmark: Salesforce Mapper › Write (batched sObject Collections upsert) with 1,000 payment
 * events in one run, inside a real n8n 2.40.7 (SQLite) against the fake Salesforce REST API
 * (test/fakes/salesforceApi.ts), in rotating rounds. Machines here are noisy (2 CPUs), so only
 * ratios within one run mean anything. The events are 1,000 distinct Digistore24 payments
 * (distinct buyers and transaction ids; names, countries, cities, amounts, dates and products
 * vary, seeded so every run sends the same ones), normalised by `normalizeDigistore24Ipn` as the
 * trigger emits them (vendor fields and raw IPN included: ~11 KB each), sent as ONE webhook call
 * `{events: [...]}`. Contestants, each run once per round:
 *   - mapperCreates: Webhook → Split Out (`body.events`) → Salesforce Mapper (Write) → Summarize
 *     (count of `eventId` per `status`), on a fresh org (the fake reset before the round): 1,000
 *     Contacts and 1,000 Opportunities created. Expected: 5 Contact calls + 5 Opportunity calls
 *     (200 records per call), Contacts first so the Opportunities carry their ContactId;
 *   - mapperUpdates: the same 1,000 events again on an org that already holds them (reset, then the
 *     same workflow run once outside the measurement): all updates. Contacts: 5 calls. Opportunities:
 *     10 calls, because a payment is sent whole, ContactId included, and Opportunity.ContactId can
 *     be set only on create: Salesforce refuses each existing Opportunity with
 *     INVALID_FIELD_FOR_INSERT_UPDATE and the mapper sends those once more without it (the
 *     create-only retry in nodes/SalesforceMapper/upsert/collections.ts). A redelivery is the rare case, so the
 *     mapper optimises for new payments: 15 calls instead of 10, still 2,000 records in 15 calls;
 *   - naiveDirect (the baseline the ratios are taken against): one call per record, straight from
 *     this process with undici on one keep-alive connection and a session from `fake.issueSession()`:
 *     per event a single-row upsert `PATCH …/sobjects/Contact/Email/<email>`, then
 *     `PATCH …/sobjects/Opportunity/Name/<name>` with the ContactId from the first answer, in
 *     sequence (2,000 calls). The bodies are exactly the mapper's fields (built with its own
 *     `mapEvent`). It has no n8n in it at all, so its time is the floor of 2,000 round trips;
 *   - naiveN8n: what users build in n8n today without this node, the same two single-row upserts per
 *     event as n8n HTTP Request nodes (Header Auth credential with the same kind of session) after the
 *     same Webhook → Split Out, then Summarize. It pays the same n8n overhead as the mapper
 *     (receiving and parsing the ~11 MB webhook body, splitting 1,000 items, expressions), so it is
 *     the like-for-like comparison for time and memory. n8n's HTTP Request node sends the requests of
 *     all items at once (1,000 concurrent Contact upserts, then 1,000 Opportunity upserts), so its
 *     wall time is not 2,000 round trips in sequence; a real org would throttle or queue that.
 * Per round: API calls the fake received (REST calls; logins, i.e. OAuth token requests, counted
 * apart), records sent, wall time of the webhook call (or of the 2,000 direct calls) and, for the
 * n8n contestants, the n8n main process's peak RSS (nodes run in the main process): the kernel's
 * high-water mark is reset before the round (`5` into /proc/<pid>/clear_refs) and VmHWM read after
 * it; "extra" is that peak minus VmRSS just before the round (VmRSS sampled every 20 ms where
 * clear_refs is refused). After each round, outside the timing, the fake must hold exactly 1,000
 * Contacts and 1,000 Opportunities, each Opportunity linked to the Contact of its event (for
 * mapperUpdates: the very records of the preparatory run, none added), and every item must have
 * come out `ok`; otherwise the benchmark fails.
 *
 * Execution data is not saved for any workflow (`saveDataSuccessExecution: none`): with n8n's
 * default, n8n would store the 11 MB of events per node in SQLite, the same for every n8n contestant,
 * which would measure n8n's storage, not the upserts. The Summarize node keeps the webhook answer to
 * a few bytes and proves that every item came out ok. The fake serves from this process for all
 * contestants alike; naiveDirect also runs its client here.
 *
 * Then the Nonprofit Cloud path in the same n8n (./salesforceNpcPath.ts): the mapper with Data Model =
 * Nonprofit Cloud against a naive one-call-per-record client, 1,000 events of one-off payments,
 * subscription payments taking over their instalments, and refunds, in the same number of rounds.
 *
 *   npm run bench:salesforce                          # defaults: 5 rounds, 1,000 events
 *   BENCH_ROUNDS=9 BENCH_PAUSE_MS=2000 npm run bench:salesforce
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { Agent, Client, request } from 'undici';
import { normalizeDigistore24Ipn } from '../nodes/Digistore24/toCanonicalEvent';
import { mapperConfig } from '../nodes/SalesforceMapper/config';
import { mapEvent, type MappedRecord } from '../nodes/SalesforceMapper/fromCanonicalEvent/contacts';
import type { CanonicalEvent } from '../nodes/shared/canonicalEvent';
import { FakeSalesforceApi, type SalesforceFakeCall } from '../test/fakes/salesforceApi';
import { N8nInstance, loadRuntime, type CredentialSpec, type WorkflowSpec } from '../tools/n8n/n8n';
import { prepareRuntime } from '../tools/n8n/provision';
import { nodeType } from '../tools/n8n/workflows';
import { webhookChain } from '../test/e2e/helpers/actionChain';
import { CAPTURED_ON_PAYMENT } from '../test/e2e/helpers/digistore24';
import { memoryMethods, peakExtraKb, withPeakRss } from './lib/processMemory';
import { markdownTable, mb, nameAndFigures, medianRange, ratio, writeResults } from './lib/report';
import { runRotatingRounds } from './lib/rounds';
import { defined, median, spread } from './lib/stats';
import { npcMapperParameters, npcNaiveConfig, npcReport, runNpcRounds, upsertNpcDirectly, NPC_CLOCK, type NpcRow } from './salesforceNpcPath';
import { addNpcKeyFields } from '../test/e2e/helpers/npcOrg';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1000);
/** Quiet time after each contestant, so n8n's leftovers (statistics, GC) do not land in the next one. */
const PAUSE_MS = Number(process.env.BENCH_PAUSE_MS ?? 1000);
const COLLECTION_LIMIT = 200;
/** Contacts plus Opportunities, 200 per call: the issue's "at most 10" for 1,000 events. */
const MINIMUM_CALLS = 2 * Math.ceil(EVENTS / COLLECTION_LIMIT);
const API = '/services/data/v62.0';

const CLIENT_ID = '3MVG9benchClientId';
const CLIENT_SECRET = 'sf-bench-secret-0123456789';
const MAPPER_PATH = 'bench-sf-mapper';
const NAIVE_PATH = 'bench-sf-naive';
const NPC_PATH = 'bench-sf-npc';
const SUMMARY_NODE = 'Summary';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

// ---- Events ----

/** mulberry32: the same events in every run. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const FIRST_NAMES = ['Anna', 'Lukas', 'Sophie', 'Jonas', 'Marie', 'Noah', 'Léa', 'Elias', 'Chiara', 'Matteo', 'Sarah', 'David', 'Laura', 'Nico', 'Mia', 'Jan', 'Lena', 'Tim', 'Nina', 'Paul', 'Zoé', 'Luca', 'Elena', 'Felix', 'Hannah', 'Simon', 'Julia', 'Marco', 'Eva', 'Jakob', 'Ursula', 'Hans-Peter', 'Françoise', 'Özlem', 'Björn'];
const LAST_NAMES = ['Müller', 'Meier', 'Schmid', 'Keller', 'Weber', 'Huber', 'Schneider', 'Meyer', 'Steiner', 'Fischer', 'Gerber', 'Brunner', 'Baumann', 'Frei', 'Zimmermann', 'Moser', 'Widmer', 'Wyss', 'Graf', 'Roth', 'Bianchi', 'Rossi', 'Dubois', 'Rochat', 'Favre', 'Novak', 'Jansen', 'Smith', "O'Brien", 'von Allmen', 'Çelik', 'Nguyen'];
const PLACES: Array<{ country: string; cities: Array<[string, string]>; domain: string }> = [
	{ country: 'CH', cities: [['Zürich', '8001'], ['Bern', '3011'], ['Basel', '4051'], ['Luzern', '6003'], ['Lausanne', '1003'], ['St. Gallen', '9000']], domain: 'bluewin.ch' },
	{ country: 'DE', cities: [['Berlin', '10115'], ['München', '80331'], ['Hamburg', '20095'], ['Köln', '50667'], ['Freiburg im Breisgau', '79098']], domain: 'web.de' },
	{ country: 'AT', cities: [['Wien', '1010'], ['Graz', '8010'], ['Linz', '4020'], ['Innsbruck', '6020']], domain: 'gmx.at' },
	{ country: 'FR', cities: [['Paris', '75001'], ['Lyon', '69001'], ['Strasbourg', '67000']], domain: 'orange.fr' },
	{ country: 'IT', cities: [['Milano', '20121'], ['Lugano', '6900']], domain: 'libero.it' },
	{ country: 'LI', cities: [['Vaduz', '9490']], domain: 'example.li' },
	{ country: 'NL', cities: [['Amsterdam', '1012 AB']], domain: 'ziggo.nl' },
	{ country: 'US', cities: [['New York', '10001']], domain: 'gmail.com' },
	{ country: 'GB', cities: [['London', 'EC1A 1BB']], domain: 'outlook.com' },
];
const STREETS = ['Bahnhofstrasse', 'Hauptstrasse', 'Dorfstrasse', 'Kirchweg', 'Seestrasse', 'Rue de Lausanne', 'Via Nassa', 'Schillerstraße', 'Lindenallee'];
const AMOUNTS = ['5.00', '10.00', '15.00', '19.90', '20.00', '25.00', '30.00', '35.00', '49.00', '50.00', '60.00', '75.00', '100.00', '120.00', '150.00', '200.00', '250.00', '500.00', '1000.00'];
const PRODUCTS = ['Spende Wasserprojekt', 'Patenschaft Bildung', 'Nothilfe Ukraine', 'Jahresbeitrag Mitgliedschaft', 'Baumpflanzaktion', 'Spende allgemein'];
const PAY_METHODS = ['creditcard', 'paypal', 'sepa', 'sofort', 'twint'];
const CURRENCIES: Record<string, string> = { CH: 'CHF', LI: 'CHF', US: 'USD', GB: 'GBP' };

const ascii = (value: string) => value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '');

/** 1,000 distinct payments as the Digistore24 trigger emits them. */
function paymentEvents(count: number): CanonicalEvent[] {
	const pick = random(20261123);
	const one = <T>(list: T[]) => list[Math.floor(pick() * list.length)];
	const events: CanonicalEvent[] = [];
	for (let index = 0; index < count; index++) {
		const firstName = one(FIRST_NAMES);
		const lastName = one(LAST_NAMES);
		const place = one(PLACES);
		const [city, zip] = one(place.cities);
		const amount = one(AMOUNTS);
		const currency = CURRENCIES[place.country] ?? 'EUR';
		const transactionId = String(52_000_001 + index * 3 + Math.floor(pick() * 3));
		const orderId = `${ascii(lastName).slice(0, 3).toUpperCase()}${(index + 1).toString(36).toUpperCase().padStart(5, '0')}`;
		const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(pick() * 323) * 86_400_000).toISOString().slice(0, 10);
		const time = [pick() * 24, pick() * 60, pick() * 60].map((part) => String(Math.floor(part)).padStart(2, '0')).join(':');
		// Distinct buyers: the index keeps e-mails apart where names repeat; some write capitals.
		const local = `${ascii(firstName)}.${ascii(lastName)}${index + 1}`;
		const email = `${pick() < 0.2 ? local : local.toLowerCase()}@${place.domain}`;
		const ipn: Record<string, string> = {
			...CAPTURED_ON_PAYMENT,
			api_mode: 'live',
			transaction_id: transactionId,
			parent_transaction_id: '',
			order_id: orderId,
			buyer_id: String(700_000 + index),
			email,
			buyer_email: email,
			address_first_name: firstName,
			address_last_name: lastName,
			buyer_first_name: firstName,
			buyer_last_name: lastName,
			billing_first_name: firstName,
			billing_last_name: lastName,
			address_street: `${one(STREETS)} ${1 + Math.floor(pick() * 120)}`,
			address_zipcode: zip,
			address_city: city,
			address_country: place.country,
			buyer_address_country: place.country,
			billing_country: place.country,
			amount,
			amount_brutto: amount,
			transaction_amount: amount,
			currency,
			transaction_currency: currency,
			transaction_date: day,
			transaction_time: time,
			order_date: day,
			order_date_time: `${day} ${time}`,
			order_time: time,
			product_name: one(PRODUCTS),
			pay_method: one(PAY_METHODS),
			invoice_url: `https://www.digistore24.com/invoice/${orderId}/${transactionId}/X.pdf`,
		};
		events.push(normalizeDigistore24Ipn(ipn, { receivedAt: new Date(Date.UTC(2026, 10, 23, 8, 0, 0) + index * 1000) }));
	}
	return events;
}

// ---- Workflows ----

const credential = (fake: FakeSalesforceApi, id = 'sfMapperCredBnch'): CredentialSpec => ({
	id,
	name: `Salesforce bench ${id}`,
	type: 'salesforceMapperApi',
	data: { loginKind: 'clientCredentials', myDomainUrl: fake.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, apiVersion: '62.0' },
});

/** n8n's generic Header Auth, holding a session from `fake.issueSession()` (no login). */
const headerCredential = (session: string): CredentialSpec => ({
	id: 'sfHeaderCredBnch',
	name: 'Salesforce session header (bench)',
	type: 'httpHeaderAuth',
	data: { name: 'Authorization', value: `Bearer ${session}` },
});

const NOT_SAVED = { saveDataSuccessExecution: 'none', saveDataErrorExecution: 'all', saveManualExecutions: false };

const splitOut = { name: 'Events', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.events', options: {} } };

const summarize = (countField: string, splitBy: string) => ({
	name: SUMMARY_NODE,
	type: 'n8n-nodes-base.summarize',
	typeVersion: 1.1,
	parameters: { fieldsToSummarize: { values: [{ aggregation: 'count', field: countField }] }, fieldsToSplitBy: splitBy, options: {} },
});

/** Webhook → Split Out → Salesforce Mapper (Write) → Summarize (count per status); answers the summary. */
function mapperWorkflow(fake: FakeSalesforceApi): WorkflowSpec {
	const workflow = webhookChain('benchSfMapper001', MAPPER_PATH, credential(fake), [
		splitOut,
		{ name: 'Salesforce Mapper', type: nodeType('salesforceMapper'), typeVersion: 1, parameters: { operation: 'write' } },
		summarize('eventId', 'status'),
	]);
	return { ...workflow, settings: NOT_SAVED };
}

/** The same with Data Model = Nonprofit Cloud, against the fake NPC org. */
function npcMapperWorkflow(fake: FakeSalesforceApi): WorkflowSpec {
	const workflow = webhookChain('benchSfNpcMap001', NPC_PATH, credential(fake, 'sfNpcCredBench01'), [
		splitOut,
		{ name: 'Salesforce Mapper', type: nodeType('salesforceMapper'), typeVersion: 1, parameters: npcMapperParameters(fake.recordTypeId('PersonAccount')) },
		summarize('eventId', 'status'),
	]);
	return { ...workflow, settings: NOT_SAVED };
}

/**
 * Webhook → Split Out → HTTP Request (Contact upsert by Email) → HTTP Request (Opportunity upsert
 * by Name, ContactId from the Contact's answer) → Summarize (count per `created`). The fields are
 * the mapper's, written as expressions the way a user would (the country as its ISO code: the
 * mapper's English country name needs code n8n expressions do not offer readily).
 */
function naiveWorkflow(fake: FakeSalesforceApi, header: CredentialSpec): WorkflowSpec {
	const auth = {
		credentials: { [header.type]: { id: header.id, name: header.name } },
		authentication: 'genericCredentialType',
		genericAuthType: header.type,
	};
	const upsert = (name: string, url: string, jsonBody: string) => ({
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		credentials: auth.credentials,
		parameters: {
			method: 'PATCH',
			url,
			authentication: auth.authentication,
			genericAuthType: auth.genericAuthType,
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody,
			options: {},
		},
	});
	const event = "$('Events').item.json";
	const workflow = webhookChain('benchSfNaive0001', NAIVE_PATH, header, [
		splitOut,
		upsert(
			'Upsert Contact',
			`=${fake.baseUrl}${API}/sobjects/Contact/Email/{{ encodeURIComponent($json.contact.email) }}`,
			'={{ JSON.stringify({ FirstName: $json.contact.firstName, LastName: $json.contact.lastName, MailingStreet: $json.contact.address.street, MailingPostalCode: $json.contact.address.postalCode, MailingCity: $json.contact.address.city, MailingCountry: $json.contact.address.country }) }}',
		),
		upsert(
			'Upsert Opportunity',
			`=${fake.baseUrl}${API}/sobjects/Opportunity/Name/{{ encodeURIComponent('Digistore24 ' + ${event}.payment.id) }}`,
			`={{ JSON.stringify({ StageName: 'Closed Won', CloseDate: ${event}.occurredAt.slice(0, 10), Amount: Math.abs(Number(${event}.amount)), Description: ${event}.product.name, ContactId: $json.id }) }}`,
		),
		summarize('id', 'created'),
	]);
	return { ...workflow, settings: NOT_SAVED };
}

// ---- Memory of the n8n main process ----


/** CPU time (user + system) of a process so far, in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// Fields 14 and 15 of stat(5) (utime, stime); the slice starts at field 3.
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

const ownCpuMs = () => {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1000;
};


// ---- Running ----

const webhookAgent = new Agent({ headersTimeout: 600_000, bodyTimeout: 600_000 });

/** POSTs the events (one prepared JSON string) to a workflow; returns its summary and the wall time. */
async function runWorkflow(n8n: N8nInstance, path: string, body: string): Promise<{ ms: number; summary: Array<Record<string, unknown>> }> {
	const started = performance.now();
	const response = await request(`${n8n.baseUrl}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: webhookAgent });
	const text = await response.body.text();
	const ms = performance.now() - started;
	if (response.statusCode !== 200) throw new Error(`workflow ${path} answered ${response.statusCode}: ${text.slice(0, 1000)}`);
	const answer = JSON.parse(text) as unknown;
	return { ms, summary: (Array.isArray(answer) ? answer : [answer]) as Array<Record<string, unknown>> };
}

interface DirectPlan {
	email: string;
	contact: Record<string, unknown>;
	name: string;
	opportunity: Record<string, unknown>;
}

/** The mapper's own records of each event, as single-row upsert bodies (the key goes in the URL). */
function directPlans(events: CanonicalEvent[]): DirectPlan[] {
	const config = mapperConfig({});
	return events.map((event) => {
		const mapping = mapEvent(event, config);
		if ('skipped' in mapping) throw new Error(`event ${event.eventId} maps to nothing: ${mapping.skipped}`);
		const byRole = (role: MappedRecord['role']) => {
			const record = mapping.records.find((candidate) => candidate.role === role);
			if (!record) throw new Error(`event ${event.eventId} has no ${role}`);
			return record;
		};
		const contact = byRole('contact');
		const opportunity = byRole('opportunity');
		return {
			email: contact.externalIdValue,
			contact: { ...contact.fields, ...contact.ifNew, ...contact.createOnly },
			name: opportunity.externalIdValue,
			opportunity: { ...opportunity.fields, ...opportunity.ifNew, ...opportunity.createOnly },
		};
	});
}

/** One call per record, in sequence on one keep-alive connection: Contact, then its Opportunity. */
async function upsertDirectly(fake: FakeSalesforceApi, session: string, plans: DirectPlan[]): Promise<{ ms: number }> {
	const client = new Client(`http://127.0.0.1:${fake.port}`);
	const headers = { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${session}` };
	const upsert = async (path: string, body: Record<string, unknown>): Promise<string> => {
		const response = await client.request({ path, method: 'PATCH', headers, body: JSON.stringify(body) });
		const text = await response.body.text();
		if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(`naive upsert ${path}: ${response.statusCode} ${text}`);
		return String((JSON.parse(text) as { id?: unknown }).id);
	};
	const started = performance.now();
	try {
		for (const plan of plans) {
			const contactId = await upsert(`${API}/sobjects/Contact/Email/${encodeURIComponent(plan.email)}`, plan.contact);
			await upsert(`${API}/sobjects/Opportunity/Name/${encodeURIComponent(plan.name)}`, { ...plan.opportunity, ContactId: contactId });
		}
		return { ms: performance.now() - started };
	} finally {
		await client.close();
	}
}

/** The org must hold exactly the events' Contacts and Opportunities, each Opportunity linked to its event's Contact. */
function checkOrg(fake: FakeSalesforceApi, events: CanonicalEvent[], label: string): { contacts: number; opportunities: number; ids: string[] } {
	const contacts = fake.records('Contact');
	const opportunities = fake.records('Opportunity');
	const problems: string[] = [];
	if (contacts.length !== events.length) problems.push(`${contacts.length} Contacts`);
	if (opportunities.length !== events.length) problems.push(`${opportunities.length} Opportunities`);
	const emailById = new Map(contacts.map((contact) => [String(contact.Id), String(contact.Email).toLowerCase()]));
	const opportunityByName = new Map(opportunities.map((opportunity) => [String(opportunity.Name), opportunity]));
	let wrong = 0;
	for (const event of events) {
		const opportunity = opportunityByName.get(`Digistore24 ${event.payment!.id}`);
		const linked = opportunity ? emailById.get(String(opportunity.ContactId)) : undefined;
		if (!opportunity || linked !== event.contact!.email || opportunity.StageName !== 'Closed Won' || Number(opportunity.Amount) !== Math.abs(Number(event.amount))) wrong++;
	}
	if (wrong > 0) problems.push(`${wrong} events without their Opportunity linked to their Contact`);
	if (problems.length > 0) throw new Error(`${label}: expected ${events.length} Contacts and ${events.length} Opportunities, found ${problems.join(', ')}`);
	const ids = [...contacts, ...opportunities].map((record) => String(record.Id)).sort();
	return { contacts: contacts.length, opportunities: opportunities.length, ids };
}

function checkSummary(label: string, summary: Array<Record<string, unknown>>, field: string, value: unknown, countField: string): void {
	const ok = summary.length === 1 && summary[0][field] === value && summary[0][countField] === EVENTS;
	if (!ok) throw new Error(`${label}: expected ${EVENTS} items with ${field} = ${String(value)}, n8n answered ${JSON.stringify(summary)}`);
}

// ---- Rounds ----

interface Round {
	round: number;
	ms: number;
	/** REST calls (not auth). */
	apiCalls: number;
	/** Token requests and SOAP logins. */
	loginCalls: number;
	/** REST calls per path kind, e.g. `PATCH composite/sobjects/Contact/Email`. */
	callsByKind: Record<string, number>;
	/** Records in the request bodies (collections: their `records`; single-row: 1). */
	recordsSent: number;
	/** Largest number of records in one call. */
	maxRecordsPerCall: number;
	/** Opportunities sent a second time without ContactId (the create-only retry), from the logged request bodies. */
	resentWithoutContactId: number;
	rssBeforeKb?: number;
	rssPeakKb?: number;
	/** CPU time of the n8n main process during the round (ms). */
	n8nCpuMs: number;
	/** CPU time of this process during the round (ms): the fake serving, and naiveDirect's client. */
	benchCpuMs: number;
}

interface Contestant {
	key: string;
	label: string;
	/** Before the round, outside the timing. */
	prepare: () => Promise<void>;
	run: () => Promise<Pick<Round, 'ms' | 'rssBeforeKb' | 'rssPeakKb'>>;
	/** After the round, outside the timing; throws when the org is not as it must be. */
	check: () => void;
}

const kindOf = (call: SalesforceFakeCall) => {
	const path = call.path.replace(/^\/services\/data\/v\d+\.\d/, '');
	const collection = /^\/composite\/sobjects\/(\w+)\/(\w+)$/.exec(path);
	if (collection) return `${call.method} composite/sobjects/${collection[1]}/${collection[2]}`;
	const row = /^\/sobjects\/(\w+)\/(\w+)\//.exec(path);
	if (row) return `${call.method} sobjects/${row[1]}/${row[2]}/<value>`;
	return `${call.method} ${path}`;
};

async function main(): Promise<void> {
	prepareRuntime();
	const n8nVersion = (JSON.parse(readFileSync(join(loadRuntime().n8nDir, 'node_modules/n8n/package.json'), 'utf8')) as { version: string }).version;
	const events = paymentEvents(EVENTS);
	if (new Set(events.map((event) => event.contact!.email)).size !== EVENTS || new Set(events.map((event) => event.payment!.id)).size !== EVENTS) {
		throw new Error('the events must have distinct buyers and transactions');
	}
	const body = JSON.stringify({ events });
	const plans = directPlans(events);
	const fake = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
	await fake.start();
	const header = headerCredential(fake.issueSession());
	const directSession = fake.issueSession();
	const npcFake = new FakeSalesforceApi({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, npc: true, now: () => NPC_CLOCK });
	addNpcKeyFields(npcFake);
	await npcFake.start();
	let npc: { rows: NpcRow[]; counts: { oneOff: number; takeover: number; refund: number } } | undefined;
	let n8n: N8nInstance | undefined;
	let rounds = new Map<string, Round[]>();
	const warmups: Array<Round & { key: string }> = [];
	const labels = new Map<string, string>();
	let loginsTotal = 0;
	try {
		n8n = await N8nInstance.start({
			name: 'bench-sf',
			credentials: [credential(fake), header, credential(npcFake, 'sfNpcCredBench01')],
			workflows: [mapperWorkflow(fake), naiveWorkflow(fake, header), npcMapperWorkflow(npcFake)],
		});
		const instance = n8n;
		const pid = instance.pid;
		if (!pid) throw new Error('n8n has no process id');
		const inN8n = (path: string, check: (summary: Array<Record<string, unknown>>) => void) => async () => {
			const { value, beforeKb, peakKb } = await withPeakRss(pid, async () => await runWorkflow(instance, path, body));
			check(value.summary);
			return { ms: value.ms, rssBeforeKb: beforeKb, rssPeakKb: peakKb };
		};
		const mapperOk = (label: string) => (summary: Array<Record<string, unknown>>) => checkSummary(label, summary, 'status', 'ok', 'count_eventId');
		let idsBeforeUpdate: string[] = [];
		const contestants: Contestant[] = [
			{
				key: 'mapperCreates',
				label: 'Salesforce Mapper in n8n, fresh org (1,000 + 1,000 created)',
				prepare: async () => fake.reset(),
				run: inN8n(MAPPER_PATH, mapperOk('mapperCreates')),
				check: () => void checkOrg(fake, events, 'mapperCreates'),
			},
			{
				key: 'mapperUpdates',
				label: 'Salesforce Mapper in n8n, same events again (all updates)',
				prepare: async () => {
					fake.reset();
					mapperOk('mapperUpdates (preparation)')((await runWorkflow(instance, MAPPER_PATH, body)).summary);
					idsBeforeUpdate = checkOrg(fake, events, 'mapperUpdates (preparation)').ids;
					fake.calls.length = 0;
					await sleep(PAUSE_MS);
				},
				run: inN8n(MAPPER_PATH, mapperOk('mapperUpdates')),
				check: () => {
					const { ids } = checkOrg(fake, events, 'mapperUpdates');
					if (ids.join() !== idsBeforeUpdate.join()) throw new Error('mapperUpdates: the second run replaced records instead of updating them');
				},
			},
			{
				key: 'naiveDirect',
				label: 'naive baseline: 1 single-row upsert per record, undici, in sequence',
				prepare: async () => fake.reset(),
				run: async () => await upsertDirectly(fake, directSession, plans),
				check: () => void checkOrg(fake, events, 'naiveDirect'),
			},
			{
				key: 'naiveN8n',
				label: "naive in n8n: 2 HTTP Request nodes, 1 single-row upsert per record",
				prepare: async () => fake.reset(),
				run: inN8n(NAIVE_PATH, (summary) => checkSummary('naiveN8n', summary, 'created', true, 'count_id')),
				check: () => void checkOrg(fake, events, 'naiveN8n'),
			},
		];
		const measure = async (contestant: Contestant, round: number): Promise<Round> => {
			await contestant.prepare();
			const apiBefore = fake.apiCalls;
			const cpuBefore = { n8n: cpuMs(pid), bench: ownCpuMs() };
			const result = await contestant.run();
			const cpu = { n8nCpuMs: cpuMs(pid) - cpuBefore.n8n, benchCpuMs: ownCpuMs() - cpuBefore.bench };
			contestant.check();
			const calls = fake.calls.filter((call) => !call.auth);
			const failed = calls.filter((call) => call.status === undefined || call.status >= 300);
			if (failed.length > 0) throw new Error(`${contestant.key}: failed API calls ${JSON.stringify(failed.slice(0, 5).map((c) => [c.method, c.path, c.status]))}`);
			if (fake.apiCalls - apiBefore !== calls.length) throw new Error(`${contestant.key}: ${fake.apiCalls - apiBefore} REST calls counted, ${calls.length} logged`);
			const callsByKind: Record<string, number> = {};
			let resentWithoutContactId = 0;
			let recordsSent = 0;
			let maxRecordsPerCall = 0;
			for (const call of calls) {
				callsByKind[kindOf(call)] = (callsByKind[kindOf(call)] ?? 0) + 1;
				const records = (call.body as { records?: Array<Record<string, unknown>> } | undefined)?.records;
				const count = Array.isArray(records) ? records.length : 1;
				recordsSent += count;
				maxRecordsPerCall = Math.max(maxRecordsPerCall, count);
			}
			// What Salesforce refused inside collections: the calls that were repeated without ContactId.
			if (contestant.key.startsWith('mapper')) {
				const retried = calls.filter((call) => call.path.includes('/composite/sobjects/Opportunity/')).slice(Math.ceil(EVENTS / COLLECTION_LIMIT));
				resentWithoutContactId = retried.reduce((sum, call) => sum + ((call.body as { records?: unknown[] }).records?.length ?? 0), 0);
				if (retried.some((call) => (call.body as { records: Array<Record<string, unknown>> }).records.some((record) => 'ContactId' in record))) {
					throw new Error(`${contestant.key}: a repeated Opportunity call still carries ContactId`);
				}
			}
			const loginCalls = fake.calls.length - calls.length;
			loginsTotal += loginCalls;
			await sleep(PAUSE_MS);
			return { round, ...result, ...cpu, apiCalls: calls.length, loginCalls, callsByKind, recordsSent, maxRecordsPerCall, resentWithoutContactId };
		};
		rounds = await runRotatingRounds({
			contestants,
			rounds: ROUNDS,
			measure,
			// Warm-up: n8n logs in to the fake, JIT, the fake's indexes.
			warmedUp: (contestant, warm) => {
				warmups.push({ key: contestant.key, ...warm });
				process.stderr.write(`[bench] warm-up ${contestant.key}: ${warm.ms.toFixed(0)} ms, ${warm.apiCalls} API calls, ${warm.loginCalls} login calls\n`);
			},
			measured: (contestant, round, measured) => {
				const extraKb = peakExtraKb(measured);
				const memory = extraKb !== undefined ? `, peak +${mb(extraKb)} MB` : '';
				process.stderr.write(`[bench] round ${round} ${contestant.key}: ${measured.ms.toFixed(0)} ms, ${measured.apiCalls} API calls, ${measured.loginCalls} login calls${memory}\n`);
			},
		});
		for (const contestant of contestants) labels.set(contestant.key, contestant.label);
		const npcSession = npcFake.issueSession();
		const npcConfig = npcNaiveConfig(npcFake.recordTypeId('PersonAccount'));
		npc = await runNpcRounds({
			fake: npcFake,
			payments: events,
			rounds: ROUNDS,
			throughMapper: async (batch) => {
				const { ms, summary } = await runWorkflow(instance, NPC_PATH, JSON.stringify({ events: batch }));
				const ok = summary.length === 1 && summary[0].status === 'ok' && summary[0].count_eventId === batch.length;
				if (!ok) throw new Error(`npcMapper: expected ${batch.length} items with status ok, n8n answered ${JSON.stringify(summary)}`);
				return { ms };
			},
			naive: async (batch) => await upsertNpcDirectly(npcFake, npcSession, API, batch, npcConfig),
			pause: async () => void (await sleep(PAUSE_MS)),
		});
	} finally {
		await n8n?.dispose();
		await fake.stop();
		await npcFake.stop();
		await webhookAgent.close();
	}

	const rows = [...labels.entries()].map(([key, label]) => {
		const runs = rounds.get(key)!;
		const extrasMb = defined(runs.map(peakExtraKb)).map((kb) => kb / 1024);
		return {
			key,
			label,
			apiCalls: spread(runs.map((r) => r.apiCalls)),
			loginCalls: runs.reduce((sum, r) => sum + r.loginCalls, 0),
			callsByKind: runs[0].callsByKind,
			recordsSent: median(runs.map((r) => r.recordsSent)),
			maxRecordsPerCall: Math.max(...runs.map((r) => r.maxRecordsPerCall)),
			resentWithoutContactId: median(runs.map((r) => r.resentWithoutContactId)),
			ms: spread(runs.map((r) => r.ms)),
			n8nCpuMsMedian: median(runs.map((r) => r.n8nCpuMs)),
			benchCpuMsMedian: median(runs.map((r) => r.benchCpuMs)),
			extraMb: extrasMb.length ? spread(extrasMb) : undefined,
			rounds: runs,
		};
	});
	const row = (key: string) => rows.find((r) => r.key === key)!;
	const naive = row('naiveDirect');
	const naiveN8n = row('naiveN8n');
	const warmLogins = warmups.reduce((sum, w) => sum + w.loginCalls, 0);
	const warmExtra = (key: string) => {
		const extraKb = peakExtraKb(warmups.find((w) => w.key === key));
		return extraKb !== undefined ? `+${mb(extraKb)} MB` : '—';
	};
	const updates = row('mapperUpdates');
	const lines = [
		`Salesforce Mapper › Write, ${EVENTS.toLocaleString('en')} distinct Digistore24 payments in one webhook call (${(Buffer.byteLength(body) / 1e6).toFixed(1)} MB of events) → ${EVENTS.toLocaleString('en')} Contacts + ${EVENTS.toLocaleString('en')} Opportunities in the fake Salesforce API, n8n ${n8nVersion} (SQLite, execution data not saved), ${ROUNDS} rotating rounds; ratios against the naive baseline of the same run`,
		'',
		...markdownTable(
			nameAndFigures('contestant', ['API calls (median)', 'records sent', 'time ms, median (min–max)', 'calls vs naive', 'time vs naive', 'time vs naive in n8n', 'n8n peak extra RSS, MB, median (min–max)']),
			rows.map((r) => [
				r.label,
				r.apiCalls.min === r.apiCalls.max ? `${r.apiCalls.median}` : `${r.apiCalls.median} (${r.apiCalls.min}–${r.apiCalls.max})`,
				String(r.recordsSent),
				medianRange(r.ms),
				ratio(r.apiCalls.median, naive.apiCalls.median, 4),
				ratio(r.ms.median, naive.ms.median),
				ratio(r.ms.median, naiveN8n.ms.median),
				r.extraMb ? medianRange(r.extraMb, 1) : '— (n8n idle)',
			]),
		),
		'',
		`API calls by kind (round 1): ${rows.map((r) => `${r.key}: ${Object.entries(r.callsByKind).map(([kind, n]) => `${kind} ×${n}`).join(', ')}`).join('; ')}. Largest call: ${rows.map((r) => `${r.key} ${r.maxRecordsPerCall}`).join(', ')} records.`,
		`Creates: ${row('mapperCreates').apiCalls.median} calls for ${EVENTS.toLocaleString('en')} events (minimum ${MINIMUM_CALLS} at ${COLLECTION_LIMIT} records per call). Updates: ${updates.apiCalls.median} calls, more than ${MINIMUM_CALLS}: the mapper sends a payment whole, ContactId included, and Opportunity.ContactId can only be set on create, so Salesforce refuses every existing Opportunity in the first ${Math.ceil(EVENTS / COLLECTION_LIMIT)} calls (INVALID_FIELD_FOR_INSERT_UPDATE) and the mapper sends those ${updates.resentWithoutContactId} records once more without it, again ${COLLECTION_LIMIT} per call. A redelivery of a whole batch is the rare case; new payments cost one call per ${COLLECTION_LIMIT}.`,
		`CPU time per round (median): ${rows.map((r) => `${r.key} n8n ${r.n8nCpuMsMedian.toFixed(0)} ms + this process (fake${r.key === 'naiveDirect' ? ' and client' : ''}) ${r.benchCpuMsMedian.toFixed(0)} ms`).join('; ')}.`,
		`Login calls (OAuth token requests): ${warmLogins} during the warm-up (n8n's first run logs in and keeps the session), ${loginsTotal - warmLogins} during the measured rounds; the naive contestants use sessions issued by the fake without a login. Peak extra RSS of the first run on the fresh n8n (warm-up, not in the medians): mapperCreates ${warmExtra('mapperCreates')}, naiveN8n ${warmExtra('naiveN8n')}. Memory: ${[...memoryMethods].join(', ')}.`,
	];
	if (npc) lines.push('', ...npcReport(npc.rows, npc.counts, EVENTS));
	process.stdout.write(`${lines.join('\n')}\n`);
	const file = writeResults('salesforce-upsert', {
		n8nVersion,
		ROUNDS,
		EVENTS,
		PAUSE_MS,
		COLLECTION_LIMIT,
		MINIMUM_CALLS,
		webhookBodyBytes: Buffer.byteLength(body),
		memoryMethods: [...memoryMethods],
		loginCalls: { warmup: warmLogins, measured: loginsTotal - warmLogins },
		rows,
		warmups,
		npc,
	});
	process.stderr.write(`[bench] wrote ${file}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
