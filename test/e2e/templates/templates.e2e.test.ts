/**
 * The five workflow templates (templates/*.json) imported, as they are, into one real n8n, with
 * their credentials pointed at the fake vendor servers, driven the way the vendors drive them, and
 * their effects checked in the fakes: Salesforce records, SmartBusiness contacts, invoices and
 * e-mails. Each promise of a template's sticky notes that can be checked here is checked,
 * redeliveries creating nothing twice included.
 *
 * Test-time overrides (the template files stay unchanged; test/e2e/helpers/templates.ts):
 * - SmartBusiness *Invoice From Event*: the Unit, which the templates leave to the user (their
 *   sticky notes say so), is 7 (the fake's "pieces").
 * - Nothing else: the nightly pull template keeps its 02:00 Poll Times; publishing a polling
 *   workflow makes n8n poll at once, which the test uses (deactivate, activate) to poll now.
 */
import { randomUUID } from 'crypto';
import type { CredentialSpec, WorkflowSpec } from '../../../tools/n8n/n8n';
import { N8nInstance } from '../../../tools/n8n/n8n';
import { itemsOf, latestRun } from '../helpers/actionChain';
import { DS24_CREDENTIAL, signedIpn } from '../helpers/digistore24';
import { FB_TOKEN_CREDENTIAL, JSON_WEBHOOK, MERGE_WEBHOOK_XML, TOKEN_QUERY, VENDOR_SAMPLE_MERGE_WEBHOOK_XML, webhookHeaders } from '../helpers/fundraisingbox';
import { FORM, formBody, send } from '../helpers/http';
import {
	fundraisingBoxAccount,
	fundraisingBoxRestCredential,
	onlineFundraisingAccount,
	onlineFundraisingCredential,
	salesforceCredential,
	salesforceOrg,
	smartBusinessAccount,
	smartBusinessCredential,
	templateWorkflow,
	UNIT_PIECES,
	webhookIdOf,
} from '../helpers/templates';

// ---- Fakes and their credentials: one fake org or account per template, so each test sees only its own effects.

const sfDs24 = salesforceOrg();
const sfOnlineFundraising = salesforceOrg();
const sfFundraisingBoxPull = salesforceOrg();
const sbFundraisingBox = smartBusinessAccount();
const sbDs24 = smartBusinessAccount();
const onlineFundraising = onlineFundraisingAccount();
const fundraisingBox = fundraisingBoxAccount();

// ---- The templates as workflows, credentials attached by type.

let n8n: N8nInstance;
let ds24ToSalesforce: WorkflowSpec;
let fbToSmartBusiness: WorkflowSpec;
let ofToSalesforce: WorkflowSpec;
let fbPullToSalesforce: WorkflowSpec;
let ds24ToSmartBusiness: WorkflowSpec;

beforeAll(async () => {
	for (const fake of [sfDs24, sfOnlineFundraising, sfFundraisingBoxPull, sbFundraisingBox, sbDs24, onlineFundraising, fundraisingBox]) await fake.start();
	const credentials = {
		sfDs24: salesforceCredential('tplSfDs24Cred001', sfDs24),
		sfOf: salesforceCredential('tplSfOfCred00001', sfOnlineFundraising),
		sfFb: salesforceCredential('tplSfFbPullCred1', sfFundraisingBoxPull),
		sbFb: smartBusinessCredential('tplSbFbCred00001', sbFundraisingBox),
		sbDs24: smartBusinessCredential('tplSbDs24Cred001', sbDs24),
		of: onlineFundraisingCredential('tplOfApiCred0001', onlineFundraising),
		fbRest: fundraisingBoxRestCredential('tplFbRestCred001', fundraisingBox),
	} satisfies Record<string, CredentialSpec>;
	const unit = { 'Invoice From Event': { unitId: UNIT_PIECES } };
	ds24ToSalesforce = templateWorkflow('digistore24-to-salesforce.json', { id: 'tplDs24ToSf00001', credentials: [DS24_CREDENTIAL, credentials.sfDs24] });
	fbToSmartBusiness = templateWorkflow('fundraisingbox-to-smartbusiness.json', { id: 'tplFbToSb0000001', credentials: [FB_TOKEN_CREDENTIAL, credentials.sbFb], parameters: unit });
	ofToSalesforce = templateWorkflow('onlinefundraising-to-salesforce.json', { id: 'tplOfToSf0000001', credentials: [credentials.of, credentials.sfOf] });
	fbPullToSalesforce = templateWorkflow('fundraisingbox-pull-to-salesforce.json', { id: 'tplFbPullToSf001', credentials: [credentials.fbRest, credentials.sfFb] });
	ds24ToSmartBusiness = templateWorkflow('digistore24-to-smartbusiness.json', { id: 'tplDs24ToSb00001', credentials: [DS24_CREDENTIAL, credentials.sbDs24], parameters: unit });
	n8n = await N8nInstance.start({
		name: 'templates',
		credentials: [DS24_CREDENTIAL, FB_TOKEN_CREDENTIAL, ...Object.values(credentials)],
		workflows: [ds24ToSalesforce, fbToSmartBusiness, ofToSalesforce, fbPullToSalesforce, ds24ToSmartBusiness],
	});
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	for (const fake of [sfDs24, sfOnlineFundraising, sfFundraisingBoxPull, sbFundraisingBox, sbDs24, onlineFundraising, fundraisingBox]) await fake.stop();
});

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Status and error message of a workflow's newest execution. */
function outcome(workflow: WorkflowSpec): { status: string; error?: string } {
	const { status, data } = latestRun(n8n, workflow.id);
	const error = data.resultData.error;
	return error ? { status, error: `${error.message ?? ''} ${error.description ?? ''}`.trim() } : { status };
}

/** Waits for the n-th execution and expects it to have succeeded. */
async function expectRun(workflow: WorkflowSpec, count: number): Promise<void> {
	await n8n.waitForExecutions(workflow.id, count);
	expect(outcome(workflow)).toEqual({ status: 'success' });
}

/** No execution beyond `count` appears within a moment (for events the template does not select). */
async function expectNoNewRun(workflow: WorkflowSpec, count: number): Promise<void> {
	await sleep(800);
	expect(n8n.executions(workflow.id)).toHaveLength(count);
}

async function postIpn(workflow: WorkflowSpec, overrides: Record<string, string>): Promise<void> {
	const reply = await send(n8n.webhookUrl(webhookIdOf(workflow, 'digistore24Trigger')), { body: formBody(signedIpn(overrides)), headers: FORM });
	expect(reply).toMatchObject({ status: 200, body: 'OK' });
}

const withoutTimestamps = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([key]) => !['LastModifiedDate', 'SystemModstamp'].includes(key)));

describe('Digistore24 → Salesforce (digistore24-to-salesforce.json)', () => {
	/** Digistore24's captured IPN is a test purchase (api_mode=test, pay_method=test): these fields make it a live one. */
	const live = { api_mode: 'live', pay_method: 'creditcard' };

	it('a test purchase (api_mode=test) writes nothing and is reported skipped: the template keeps test events out', async () => {
		await postIpn(ds24ToSalesforce, { transaction_id: '3999901' });
		await expectRun(ds24ToSalesforce, 1);
		const [item] = itemsOf(latestRun(n8n, ds24ToSalesforce.id).data, 'Salesforce Mapper');
		expect(item.json).toMatchObject({ eventId: 'digistore24:3999901:on_payment', status: 'skipped', reason: expect.stringContaining('is a test payment (testMode)') });
		expect(sfDs24.count('Contact') + sfDs24.count('Opportunity')).toBe(0);
	});

	it('a payment becomes a Contact and a Closed Won Opportunity; the same IPN again changes nothing; a refund and a chargeback close it lost', async () => {
		await postIpn(ds24ToSalesforce, live);
		await expectRun(ds24ToSalesforce, 2);
		const [contact] = sfDs24.records('Contact');
		expect(sfDs24.records('Contact')).toHaveLength(1);
		expect(contact).toMatchObject({ Email: 'kaeufer@example.de', FirstName: 'Test', LastName: 'Kauf', MailingCountry: 'Switzerland' });
		expect(sfDs24.records('Opportunity')).toEqual([
			expect.objectContaining({ Name: 'Digistore24 3999938', StageName: 'Closed Won', Amount: 49, CloseDate: '2026-08-18', ContactId: contact.Id }),
		]);
		const opportunity = sfDs24.records('Opportunity')[0];

		// Digistore24 delivers the same IPN again.
		await postIpn(ds24ToSalesforce, live);
		await expectRun(ds24ToSalesforce, 3);
		expect(sfDs24.records('Contact').map(withoutTimestamps)).toEqual([withoutTimestamps(contact)]);
		expect(sfDs24.records('Opportunity').map(withoutTimestamps)).toEqual([withoutTimestamps(opportunity)]);

		// The refund names the payment it reverses.
		await postIpn(ds24ToSalesforce, { ...live, event: 'on_refund', transaction_id: '4000100', parent_transaction_id: '3999938', transaction_type: 'refund', amount: '-49.00' });
		await expectRun(ds24ToSalesforce, 4);
		expect(sfDs24.records('Opportunity')).toEqual([expect.objectContaining({ Id: opportunity.Id, StageName: 'Closed Lost', Amount: 49 })]);

		// A second purchase of the same buyer, then its chargeback.
		await postIpn(ds24ToSalesforce, { ...live, transaction_id: '4000200', order_id: 'B2C3D4E5' });
		await expectRun(ds24ToSalesforce, 5);
		await postIpn(ds24ToSalesforce, { ...live, event: 'on_chargeback', transaction_id: '4000201', parent_transaction_id: '4000200', order_id: 'B2C3D4E5', amount: '-49.00' });
		await expectRun(ds24ToSalesforce, 6);
		expect(sfDs24.records('Contact')).toHaveLength(1);
		expect(sfDs24.records('Opportunity').map((record) => [record.Name, record.StageName, record.ContactId])).toEqual([
			['Digistore24 3999938', 'Closed Lost', contact.Id],
			['Digistore24 4000200', 'Closed Lost', contact.Id],
		]);

		// An event the template does not select (a new affiliate) is answered OK and starts nothing.
		await postIpn(ds24ToSalesforce, { ...live, event: 'on_affiliation', transaction_id: '' });
		await expectNoNewRun(ds24ToSalesforce, 6);
	});
});

describe('FundraisingBox → SmartBusiness receipts (fundraisingbox-to-smartbusiness.json)', () => {
	// Protected with ?token=, the form the template recommends (no Authorization header: whether URL
	// user info reaches n8n as HTTP Basic is not documented by FundraisingBox).
	const post = async (body: string, event: string, requestId: string, contentType: string) => {
		const url = `${n8n.webhookUrl(webhookIdOf(fbToSmartBusiness, 'fundraisingBoxTrigger'))}${TOKEN_QUERY}`;
		const reply = await send(url, { body, headers: webhookHeaders(event, requestId, contentType, '') });
		expect(reply).toMatchObject({ status: 200, body: 'OK' });
	};

	// The JSON fixture is a test donation (is_test 1); a real one for the receipts.
	const LIVE_DONATION = JSON_WEBHOOK.replace('"is_test": 1', '"is_test": 0');

	it('a donation becomes a contact, a paid invoice and one receipt e-mail; a redelivery creates and sends nothing', async () => {
		await post(LIVE_DONATION, 'online_donation.create', 'tpl-fb-request-1', 'application/json');
		await expectRun(fbToSmartBusiness, 1);
		expect(sbFundraisingBox.contacts).toEqual([
			expect.objectContaining({ type: 'P', name: 'Beate Beispiel', gender: 'F', email: 'beate@example.ch', main_address: expect.objectContaining({ street: 'Bahnhofstrasse', street_no: '12', postcode: '8001', city: 'Zürich', country: 'CH' }) }),
		]);
		expect(sbFundraisingBox.invoices).toHaveLength(1);
		const [invoice] = sbFundraisingBox.invoices;
		expect(invoice).toMatchObject({ currency: 'EUR', total: 100, total_paid: 100, status: 'P', notes: expect.stringContaining('[payment FB-8594200]') });
		expect(invoice.positions).toEqual([expect.objectContaining({ name: 'Donation', price: 100, amount: 1, unit_id: UNIT_PIECES })]);
		expect(sbFundraisingBox.sentEmails).toEqual([
			expect.objectContaining({ invoiceId: invoice.id, receipt: true, subject: `Ihre Spendenquittung ${String(invoice.number)}`, recipients: [expect.objectContaining({ email: 'beate@example.ch' })] }),
		]);
		expect(sbFundraisingBox.sentEmails[0].body).toContain('Guten Tag Beate Beispiel');

		// FundraisingBox delivers the same webhook again (same request id).
		await post(LIVE_DONATION, 'online_donation.create', 'tpl-fb-request-1', 'application/json');
		await expectRun(fbToSmartBusiness, 2);
		expect(sbFundraisingBox.contacts).toHaveLength(1);
		expect(sbFundraisingBox.invoices).toHaveLength(1);
		expect(sbFundraisingBox.invoices[0].payments).toHaveLength(1);
		expect(sbFundraisingBox.sentEmails).toHaveLength(1);
		const run = latestRun(n8n, fbToSmartBusiness.id).data;
		expect(itemsOf(run, 'Invoice From Event')[0].json).toMatchObject({ id: invoice.id, findOrCreate: 'found' });
		expect(itemsOf(run, 'New Invoice Only')).toEqual([]);
	});

	it('an XML merge webhook of another donor gets its own contact, invoice and receipt; unselected events start nothing', async () => {
		await post(MERGE_WEBHOOK_XML, 'donation.create', 'tpl-fb-request-2', 'application/xml');
		await expectRun(fbToSmartBusiness, 3);
		expect(sbFundraisingBox.contacts).toHaveLength(2);
		expect(sbFundraisingBox.invoices).toHaveLength(2);
		const second = sbFundraisingBox.invoices[1];
		expect(second).toMatchObject({ total: 25.5, total_paid: 25.5, status: 'P' });
		expect(sbFundraisingBox.sentEmails).toHaveLength(2);
		expect(sbFundraisingBox.sentEmails[1]).toMatchObject({ invoiceId: second.id, receipt: true });
		expect(sbFundraisingBox.contacts[1]).toMatchObject({ name: expect.stringContaining('Markus') });

		// "Donation Paid" is left out on purpose (a second receipt); a person webhook is not a donation.
		await post(JSON_WEBHOOK, 'donation.payment', 'tpl-fb-request-3', 'application/json');
		await post(JSON_WEBHOOK, 'person.create', 'tpl-fb-request-4', 'application/json');
		await expectNoNewRun(fbToSmartBusiness, 3);
		expect(sbFundraisingBox.invoices).toHaveLength(2);
	});

	it('a merge webhook shaped like FundraisingBox\'s own XML samples: the donor by e-mail, with main address and phone, invoiced once', async () => {
		await post(VENDOR_SAMPLE_MERGE_WEBHOOK_XML, 'donation.create', 'tpl-fb-request-5', 'text/xml');
		await expectRun(fbToSmartBusiness, 4);
		expect(sbFundraisingBox.contacts).toHaveLength(3);
		expect(sbFundraisingBox.contacts[2]).toMatchObject({
			type: 'P',
			name: 'Clara Beispiel',
			email: 'clara.beispiel@example.net',
			phone: '0821 4567890',
			main_address: expect.objectContaining({ street: 'Hauptstraße', street_no: '5', postcode: '86150', city: 'Augsburg', country: 'DE' }),
		});
		expect(sbFundraisingBox.invoices).toHaveLength(3);
		expect(sbFundraisingBox.invoices[2]).toMatchObject({ total: 40, total_paid: 40, status: 'P', notes: expect.stringContaining('[payment FB-8600001]') });
		expect(sbFundraisingBox.sentEmails[2]).toMatchObject({ invoiceId: sbFundraisingBox.invoices[2].id, receipt: true, recipients: [expect.objectContaining({ email: 'clara.beispiel@example.net' })] });

		// Redelivered (same request id): found again, nothing new.
		await post(VENDOR_SAMPLE_MERGE_WEBHOOK_XML, 'donation.create', 'tpl-fb-request-5', 'text/xml');
		await expectRun(fbToSmartBusiness, 5);
		expect(sbFundraisingBox.contacts).toHaveLength(3);
		expect(sbFundraisingBox.invoices).toHaveLength(3);
		expect(sbFundraisingBox.sentEmails).toHaveLength(3);
	});

	it('a test donation is skipped: nothing written, no receipt, the item says why', async () => {
		await post(JSON_WEBHOOK.replace('"id": 8594200', '"id": 8594299'), 'online_donation.create', 'tpl-fb-request-6', 'application/json');
		await expectRun(fbToSmartBusiness, 6);
		expect({ contacts: sbFundraisingBox.contacts.length, invoices: sbFundraisingBox.invoices.length, sent: sbFundraisingBox.sentEmails.length }).toEqual({ contacts: 3, invoices: 3, sent: 3 });
		expect(itemsOf(latestRun(n8n, fbToSmartBusiness.id).data, 'Invoice From Event')[0].json).toMatchObject({ skipped: true, testMode: true, reason: expect.stringContaining('test') });
	});
});

describe('OnlineFundraising → Salesforce (onlinefundraising-to-salesforce.json)', () => {
	const webhookObject = (entityType: string, eventType: string, entityGuid: string) => ({
		merchantId: onlineFundraising.merchantId,
		webhookEventGuid: randomUUID(),
		webhookGuid: randomUUID(),
		webhookAttemptGuid: randomUUID(),
		entityGuid,
		entityType,
		eventType,
	});
	const post = async (objects: unknown[]) => {
		const reply = await send(n8n.webhookUrl(webhookIdOf(ofToSalesforce, 'onlineFundraisingTrigger')), { body: JSON.stringify(objects), headers: { 'content-type': 'application/json' } });
		expect(reply).toMatchObject({ status: 200, body: 'OK' });
	};

	it('a batch of contact, subscription and payment webhooks keeps one Contact with the donor’s data and one Opportunity; redelivered, nothing doubles; refunded, it closes lost', async () => {
		const contact = onlineFundraising.addContact({
			firstName: 'Mette',
			lastName: 'Madsen',
			name: 'Mette Madsen',
			email: 'Mette.Madsen@Example.dk',
			msisdn: '4535294855',
			address: 'Nørregade 10',
			postCode: '1165',
			city: 'København K',
			countryCode: 'DK',
		});
		const agreement = onlineFundraising.addAgreement({ name: 'Månedlig støtte', amountTotal: 150.0, currencyCode: 'DKK' });
		const subscription = onlineFundraising.addSubscription({ contactGuid: contact.contactGuid, agreementGuid: agreement.agreementGuid });
		const payment = onlineFundraising.addPayment({
			contactGuid: contact.contactGuid,
			subscriptionGuid: subscription.subscriptionGuid,
			agreementGuid: agreement.agreementGuid,
			amount: 150.0,
			currencyCode: 'DKK',
			updatedTs: '2026-11-20 10:15:00 +0100',
		});
		const batch = [
			webhookObject('contact', 'created', String(contact.contactGuid)),
			webhookObject('subscription', 'created', String(subscription.subscriptionGuid)),
			webhookObject('payment', 'charged', String(payment.paymentGuid)),
		];
		await post(batch);
		await expectRun(ofToSalesforce, 1);
		const expectedContact = {
			Email: 'mette.madsen@example.dk',
			FirstName: 'Mette',
			LastName: 'Madsen',
			MobilePhone: '4535294855',
			MailingStreet: 'Nørregade 10',
			MailingPostalCode: '1165',
			MailingCity: 'København K',
			MailingCountry: 'Denmark',
		};
		expect(sfOnlineFundraising.records('Contact')).toEqual([expect.objectContaining(expectedContact)]);
		const [sfContact] = sfOnlineFundraising.records('Contact');
		expect(sfOnlineFundraising.records('Opportunity')).toEqual([
			expect.objectContaining({ Name: `OnlineFundraising ${String(payment.paymentGuid)}`, StageName: 'Closed Won', Amount: 150, CloseDate: '2026-11-20', ContactId: sfContact.Id }),
		]);
		const results = itemsOf(latestRun(n8n, ofToSalesforce.id).data, 'Salesforce Mapper').map((item) => item.json);
		expect(results.map((result) => [result.eventId, result.status])).toEqual(batch.map((object) => [`onlinefundraising:${object.webhookEventGuid}`, 'ok']));

		// OnlineFundraising delivers the batch again (same webhookEventGuids, new attempts).
		await post(batch.map((object) => ({ ...object, webhookAttemptGuid: randomUUID() })));
		await expectRun(ofToSalesforce, 2);
		expect(sfOnlineFundraising.records('Contact')).toEqual([expect.objectContaining({ Id: sfContact.Id, ...expectedContact })]);
		expect(sfOnlineFundraising.records('Opportunity')).toHaveLength(1);

		// The payment is refunded: the same Opportunity closes lost; the Contact keeps its name.
		onlineFundraising.refundPayment(String(payment.paymentGuid));
		await post([webhookObject('payment', 'refunded', String(payment.paymentGuid))]);
		await expectRun(ofToSalesforce, 3);
		expect(sfOnlineFundraising.records('Opportunity')).toEqual([expect.objectContaining({ Name: `OnlineFundraising ${String(payment.paymentGuid)}`, StageName: 'Closed Lost', Amount: 150 })]);
		expect(sfOnlineFundraising.records('Contact')).toEqual([expect.objectContaining({ Id: sfContact.Id, ...expectedContact })]);
		// No NPSP Recurring Donation is written by default.
		expect(sfOnlineFundraising.calls.some((call) => call.path.includes('npe03__Recurring_Donation__c'))).toBe(false);
	});
});

describe('FundraisingBox nightly pull → Salesforce (fundraisingbox-pull-to-salesforce.json)', () => {
	/** One poll now, as n8n polls on publishing. */
	const pollNow = async () => {
		await n8n.deactivateWorkflow(fbPullToSalesforce.id);
		await n8n.activateWorkflow(fbPullToSalesforce.id);
	};

	it('pulls new donations with their donors into Salesforce once, leaves test donations out, and updates a changed one', async () => {
		// Published at start: that poll remembered "now"; everything below is newer.
		await sleep(1_100);
		const person = (first: string, last: string, email: string) =>
			fundraisingBox.addPerson({
				salutation: 'Mr.',
				first_name: first,
				last_name: last,
				fb_person_addresss: [{ type: 'home', address: 'Hauptstraße 5', post_code: '10115', city: 'Berlin', country: 'DE', is_main: true }],
				fb_person_email_addresss: [{ type: 'home', email, is_main: true }],
			});
		const donor = person('Karl', 'Kranz', 'karl@example.de');
		const donation = fundraisingBox.addDonation({ fb_person_id: donor.id, amount: 25.0 });
		const testDonation = fundraisingBox.addDonation({ fb_person_id: person('Tess', 'Test', 'test@example.de').id, amount: 1.0, is_test: 1 });

		await pollNow();
		await expectRun(fbPullToSalesforce, 1);
		expect(sfFundraisingBoxPull.records('Contact')).toEqual([
			expect.objectContaining({ Email: 'karl@example.de', FirstName: 'Karl', LastName: 'Kranz', MailingStreet: 'Hauptstraße 5', MailingCity: 'Berlin', MailingCountry: 'Germany' }),
		]);
		const [contact] = sfFundraisingBoxPull.records('Contact');
		expect(sfFundraisingBoxPull.records('Opportunity')).toEqual([
			expect.objectContaining({ Name: `FundraisingBox ${String(donation.id)}`, StageName: 'Closed Won', Amount: 25, ContactId: contact.Id }),
		]);
		expect(sfFundraisingBoxPull.findBy('Opportunity', 'Name', `FundraisingBox ${String(testDonation.id)}`)).toEqual([]);

		// Nothing changed: the next poll emits nothing, so nothing runs.
		await pollNow();
		await expectNoNewRun(fbPullToSalesforce, 1);

		// The donation changes (a second later, so its updated_at moves): the same Opportunity is updated.
		await sleep(1_100);
		fundraisingBox.updateDonation(Number(donation.id), { amount: 30.0 });
		await pollNow();
		await expectRun(fbPullToSalesforce, 2);
		expect(sfFundraisingBoxPull.records('Opportunity')).toEqual([expect.objectContaining({ Name: `FundraisingBox ${String(donation.id)}`, StageName: 'Closed Won', Amount: 30 })]);
		expect(sfFundraisingBoxPull.records('Contact')).toHaveLength(1);
	});
});

describe('Digistore24 → SmartBusiness invoices (digistore24-to-smartbusiness.json)', () => {
	// The captured IPN is a test purchase (api_mode=test, pay_method=test): these are real payments.
	const LIVE = { api_mode: 'live', pay_method: 'paypal' };
	const ADDRESS = { address_salutation: 'M', address_street: 'Marktgasse 7', address_zipcode: '3011', address_city: 'Bern', ...LIVE };

	it('a payment becomes a contact and a paid invoice; the same IPN again creates nothing', async () => {
		await postIpn(ds24ToSmartBusiness, { ...ADDRESS, transaction_id: '5100001' });
		await expectRun(ds24ToSmartBusiness, 1);
		expect(sbDs24.contacts).toEqual([
			expect.objectContaining({ type: 'P', name: 'Test Kauf', gender: 'M', email: 'kaeufer@example.de', main_address: expect.objectContaining({ street: 'Marktgasse', street_no: '7', postcode: '3011', city: 'Bern', country: 'CH' }) }),
		]);
		expect(sbDs24.invoices).toEqual([
			expect.objectContaining({ currency: 'EUR', total: 49, total_paid: 49, status: 'P', notes: expect.stringContaining('[payment DS24-5100001]') }),
		]);
		expect(sbDs24.invoices[0].positions).toEqual([expect.objectContaining({ name: 'basic_monthly__de__dev', price: 49, unit_id: UNIT_PIECES })]);
		expect(sbDs24.sentEmails).toEqual([]);

		await postIpn(ds24ToSmartBusiness, { ...ADDRESS, transaction_id: '5100001' });
		await expectRun(ds24ToSmartBusiness, 2);
		expect(sbDs24.contacts).toHaveLength(1);
		expect(sbDs24.invoices).toHaveLength(1);
		expect(sbDs24.invoices[0].payments).toHaveLength(1);
	});

	it('a buyer without a street: answered OK, the execution fails naming the missing street, nothing is written; refunds start nothing', async () => {
		const before = { contacts: sbDs24.contacts.length, invoices: sbDs24.invoices.length };
		await postIpn(ds24ToSmartBusiness, { ...LIVE, transaction_id: '5100002', email: 'ohne.strasse@example.de', buyer_email: 'ohne.strasse@example.de' });
		await n8n.waitForExecutions(ds24ToSmartBusiness.id, 3);
		expect(outcome(ds24ToSmartBusiness)).toEqual({
			status: 'error',
			error: expect.stringContaining('The contact of event digistore24:5100002:on_payment has no street, postalCode, city in its address'),
		});
		expect({ contacts: sbDs24.contacts.length, invoices: sbDs24.invoices.length }).toEqual(before);

		await postIpn(ds24ToSmartBusiness, { ...LIVE, event: 'on_refund', transaction_id: '5100003', parent_transaction_id: '5100001', amount: '-49.00' });
		await expectNoNewRun(ds24ToSmartBusiness, 3);
	});

	it('a Digistore24 test purchase (api_mode=test) creates nothing and is reported skipped', async () => {
		const before = { contacts: sbDs24.contacts.length, invoices: sbDs24.invoices.length };
		await postIpn(ds24ToSmartBusiness, { ...ADDRESS, api_mode: 'test', pay_method: 'test', transaction_id: '5100004', email: 'test.kauf@example.de', buyer_email: 'test.kauf@example.de' });
		await expectRun(ds24ToSmartBusiness, 4);
		expect({ contacts: sbDs24.contacts.length, invoices: sbDs24.invoices.length }).toEqual(before);
		const [item] = itemsOf(latestRun(n8n, ds24ToSmartBusiness.id).data, 'Invoice From Event');
		expect(item.json).toMatchObject({ skipped: true, testMode: true, eventId: 'digistore24:5100004:on_payment', reason: expect.stringContaining('Include Test Events') });
		expect(item.pairedItem).toEqual({ item: 0 });
	});
});
