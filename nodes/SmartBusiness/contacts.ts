/**
 * Finding a contact again by e-mail or customer number, for Find or Create and for invoices made
 * from events. Which list fields SmartBusiness can filter on is not documented (reference §4.2):
 * `filter={"email":…}` is tried first and, if SmartBusiness refuses the filter field (400, code
 * 2101), its full-text search `q`. Either way only an exact match counts.
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { itemRequest, listAll } from './transport';

export type MatchBy = 'email' | 'number';

const MATCH_LABEL: Record<MatchBy, string> = { email: 'e-mail address', number: 'customer number' };

export function sameKey(matchBy: MatchBy, a: unknown, b: unknown): boolean {
	if (typeof a !== 'string' || typeof b !== 'string') return false;
	return matchBy === 'email' ? a.trim().toLowerCase() === b.trim().toLowerCase() : a.trim() === b.trim();
}

function isUnknownFilterField(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '400' && error.context.vendorCode === 2101;
}

/** The contacts whose e-mail or customer number is exactly `key`, with their main address. */
export async function findContacts(this: IExecuteFunctions, matchBy: MatchBy, key: string): Promise<IDataObject[]> {
	const base = { with: 'main_address' };
	let found: IDataObject[];
	try {
		found = await listAll.call(this, '/contacts', { ...base, filter: JSON.stringify({ [matchBy]: key }) });
	} catch (error) {
		if (!isUnknownFilterField(error)) throw new NodeApiError(this.getNode(), error as JsonObject);
		found = await listAll.call(this, '/contacts', { ...base, q: key });
	}
	return found.filter((contact) => sameKey(matchBy, contact[matchBy], key));
}

/**
 * The existing contact (`findOrCreate: "found"`), or the one created from `body()` (`"created"`).
 * The body is built only when there is none, so an event missing what a new contact needs (an
 * address) still finds a contact that exists.
 */
export async function findOrCreateContact(this: IExecuteFunctions, matchBy: MatchBy, matchKey: unknown, body: () => IDataObject, itemIndex: number): Promise<IDataObject> {
	const key = typeof matchKey === 'string' ? matchKey.trim() : '';
	if (key === '') {
		throw new NodeOperationError(this.getNode(), `No ${MATCH_LABEL[matchBy]} to match the contact by`, {
			itemIndex,
			description: matchBy === 'email' ? 'Set the e-mail, or match by customer number.' : 'Set the customer number, or match by e-mail.',
		});
	}
	const [existing] = await findContacts.call(this, matchBy, key);
	if (existing) return { ...existing, findOrCreate: 'found' };
	let newContact: IDataObject;
	try {
		newContact = body();
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
	}
	const created = await itemRequest.call(this, 'POST', '/contacts', { body: newContact });
	return { ...created, findOrCreate: 'created' };
}
