/**
 * Writing the Nonprofit Cloud data model (../fromCanonicalEvent/nonprofitCloud.ts) with the same collections upsert as the
 * Contacts model (./collections.ts), plus what NPC needs around it: a commitment's schedule is found
 * through its commitment (it has no External ID), and a new payment of a subscription takes over the
 * Unpaid instalment its schedule created, instead of adding a second transaction for the same money.
 * Also the org check: API version 59.0 and the Fundraising objects (docs/salesforce-npc.md).
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { instalmentToTakeOver, NPC_ROLE_ORDER, type Instalment, type NpcRole } from '../fromCanonicalEvent/nonprofitCloud';
import type { DescribedField } from '../methods/loadOptions';
import { dataPath, SalesforceRequestError, salesforceRequest, type SalesforceContext } from '../transport';
import { existingKeys, queryIn, setKeysById, type DataModel, type GroupEntry } from './collections';

/** "This object is available in API version 59.0 and later" (OBJ-NPC, every Fundraising object). */
export const NPC_MIN_API_VERSION = 59;

const linkedId = (entry: GroupEntry, field: string) => (typeof entry.linked[field] === 'string' ? (entry.linked[field] as string) : undefined);

/**
 * The schedules of the commitments just written, by the subscription key (a record that could only
 * end a schedule and finds none is left out): a commitment's newest
 * schedule (by StartDate, then creation) is its current one; Salesforce's own schedule updates
 * (Connect `commitments` PATCH, `manageRcrGiftCmtSchd`) start a new schedule, the newest.
 */
async function findSchedules(this: SalesforceContext, base: string, entries: GroupEntry[]): Promise<Map<string, string>> {
	const ids = entries.flatMap((entry) => linkedId(entry, 'GiftCommitmentId') ?? []);
	const newest = new Map<string, string>();
	const rows = await queryIn.call(this, base, ids, (literals) => `SELECT Id, GiftCommitmentId FROM GiftCommitmentSchedule WHERE GiftCommitmentId IN (${literals}) ORDER BY StartDate DESC, CreatedDate DESC`);
	for (const row of rows) if (!newest.has(String(row.GiftCommitmentId))) newest.set(String(row.GiftCommitmentId), String(row.Id));
	const found = new Map<string, string>();
	for (const entry of entries) {
		const schedule = newest.get(linkedId(entry, 'GiftCommitmentId') ?? '');
		if (schedule) found.set(entry.keyed.externalIdValue.toLowerCase(), schedule);
		// A cancellation only ends a schedule: it brings nothing to create one from (a source without a known rhythm has none).
		else if (Object.keys(entry.keyed.ifNew).length === 0) entry.leftOut = 'The commitment has no schedule to end';
	}
	return found;
}

/**
 * A subscription's payment (Paid, or Failed for a failed or missed one) that Salesforce does not have
 * yet takes over its schedule's Unpaid instalment of that date (instalmentToTakeOver): the instalment
 * gets the payment's key, so the upsert updates it. A redelivered payment's key exists: it claims
 * nothing. Without an instalment the payment is created, linked to its commitment and schedule.
 */
async function takeOverInstalments(this: SalesforceContext, base: string, entries: GroupEntry[]): Promise<void> {
	const statusOf = (entry: GroupEntry) => entry.keyed.fields.Status;
	const candidates = entries.filter((entry) => linkedId(entry, 'GiftCommitmentScheduleId') && (statusOf(entry) === 'Paid' || statusOf(entry) === 'Failed'));
	if (candidates.length === 0) return;
	const { object, externalIdField } = candidates[0].keyed;
	const known = await existingKeys.call(this, base, object, externalIdField, candidates.map((entry) => entry.keyed.externalIdValue));
	const newPayments = candidates.filter((entry) => !known.has(entry.keyed.externalIdValue.toLowerCase()));
	if (newPayments.length === 0) return;
	const open = new Map<string, Instalment[]>();
	const rows = await queryIn.call(
		this,
		base,
		newPayments.map((entry) => linkedId(entry, 'GiftCommitmentScheduleId')!),
		(literals) => `SELECT Id, GiftCommitmentScheduleId, Status, TransactionDueDate FROM ${object} WHERE GiftCommitmentScheduleId IN (${literals}) AND Status = 'Unpaid' AND ${externalIdField} = null ORDER BY TransactionDueDate ASC`,
	);
	for (const row of rows) open.set(String(row.GiftCommitmentScheduleId), [...(open.get(String(row.GiftCommitmentScheduleId)) ?? []), row as unknown as Instalment]);
	const dateOf = (entry: GroupEntry) => String(entry.keyed.fields.TransactionDate ?? entry.keyed.ifNew.TransactionDate ?? '');
	const claims = [...newPayments]
		.sort((a, b) => dateOf(a).localeCompare(dateOf(b)))
		.flatMap((entry) => {
			const instalments = open.get(linkedId(entry, 'GiftCommitmentScheduleId')!) ?? [];
			const id = instalmentToTakeOver(instalments, dateOf(entry));
			if (!id) return [];
			// One payment per instalment.
			instalments.splice(instalments.findIndex((instalment) => instalment.Id === id), 1);
			return [{ id, key: entry.keyed.externalIdValue }];
		});
	await setKeysById.call(this, base, object, externalIdField, claims);
}

/**
 * A transaction that has a designation already (a redelivered payment, or an instalment NPC
 * designated from its schedule) gets no second one: one SOQL per 100 transactions.
 */
async function skipDesignated(this: SalesforceContext, base: string, entries: GroupEntry[]): Promise<void> {
	const rows = await queryIn.call(this, base, entries.flatMap((entry) => linkedId(entry, 'GiftTransactionId') ?? []), (literals) => `SELECT GiftTransactionId FROM GiftTransactionDesignation WHERE GiftTransactionId IN (${literals})`);
	const designated = new Set(rows.map((row) => String(row.GiftTransactionId)));
	for (const entry of entries) if (designated.has(linkedId(entry, 'GiftTransactionId') ?? '')) entry.leftOut = 'The Gift Transaction has a designation already';
}

/** Inputs per Close Gift Commitment call (ASSUMED as the collections' 200: the action's page names no limit). */
const CLOSE_LIMIT = 200;

/**
 * A cancelled or ended subscription: its commitment goes through Salesforce's own Close Gift
 * Commitment action, which "updates the status of a gift commitment to closed and updates the status
 * for each of its unpaid and failed gift transactions" (OBJ-NPC), so no open instalment is left
 * waiting for money that will not come. The commitment was just written Closed already; a failed
 * call only leaves the open instalments as they are, which the outcome says.
 */
async function closeCommitments(this: SalesforceContext, base: string, entries: GroupEntry[]): Promise<void> {
	const ending = entries.filter((entry) => typeof entry.keyed.fields.EndDate === 'string' && linkedId(entry, 'GiftCommitmentId'));
	for (let start = 0; start < ending.length; start += CLOSE_LIMIT) {
		const batch = ending.slice(start, start + CLOSE_LIMIT);
		const inputs = batch.map((entry) => ({ giftCommitmentId: linkedId(entry, 'GiftCommitmentId')! }));
		let answers: Array<{ isSuccess?: boolean; errors?: Array<{ message?: string }> | null }> = [];
		let failure = '';
		try {
			const answer = await salesforceRequest.call(this, 'POST', `${base}/actions/standard/closeGiftCommitment`, { inputs });
			answers = Array.isArray(answer) ? answer : [];
		} catch (error) {
			failure = (error as Error).message;
		}
		batch.forEach((entry, index) => {
			const answer = answers[index];
			if (answer?.isSuccess === true) return;
			const reason = failure || (answer?.errors ?? []).map((error) => error.message).join('; ') || 'no answer';
			entry.note = `The Close Gift Commitment action failed (${reason}): the commitment is Closed, its open instalments were left as they are`;
		});
	}
}

export const NPC_MODEL: DataModel<NpcRole> = {
	roleOrder: NPC_ROLE_ORDER,
	hooks: {
		giftCommitmentSchedule: { beforeSend: closeCommitments, findIds: findSchedules },
		giftTransaction: { beforeSend: takeOverInstalments },
		giftTransactionDesignation: { beforeSend: skipDesignated },
	},
};

/**
 * Checks that the org can take Nonprofit Cloud records (API ≥ 59.0, the Fundraising objects; if not,
 * the error says what to fix) and returns GiftTransaction's fields (its PaymentMethod values are the org's own).
 */
export async function npcGiftTransactionFields(this: SalesforceContext): Promise<DescribedField[]> {
	const base = await dataPath.call(this);
	const version = Number(/\/v(\d+(?:\.\d+)?)$/.exec(base)?.[1]);
	if (Number.isFinite(version) && version < NPC_MIN_API_VERSION) {
		throw new NodeOperationError(this.getNode(), `The credential's API version is ${version.toFixed(1)}; Nonprofit Cloud's Fundraising objects need 59.0 or later: raise the API version in the Salesforce credential`);
	}
	try {
		const answer = (await salesforceRequest.call(this, 'GET', `${base}/sobjects/GiftTransaction/describe`)) as { fields?: DescribedField[] };
		return answer.fields ?? [];
	} catch (error) {
		if (error instanceof SalesforceRequestError && error.errors.some((entry) => entry.statusCode === 'NOT_FOUND' || entry.statusCode === 'INVALID_TYPE')) {
			throw new NodeOperationError(
				this.getNode(),
				'The org has no GiftTransaction object: Nonprofit Cloud Fundraising needs the Fundraising Access license and the Fundraising User permission for the integration user; or choose the data model "Contacts and Opportunities"',
			);
		}
		throw new NodeApiError(this.getNode(), { message: (error as Error).message }, { message: (error as Error).message });
	}
}
