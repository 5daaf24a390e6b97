/**
 * Finding a contact again by e-mail or customer number, for Find or Create and for invoices made
 * from events. No source documents which list fields SmartBusiness filters on (docs `?action=lists`
 * shows the syntax only), so nothing the API does with the filter is trusted: `filter={"email":…}`
 * first; if SmartBusiness refuses it (any 400/422) its full-text search `q`; if that is refused or
 * finds nothing, every contact is read. Each time only an exact match on our side counts, so a
 * filter the API ignores (all contacts come back) still finds the right one.
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { isRefusedQuery, itemRequest, listAll } from '../../transport';

export type MatchBy = 'email' | 'number';

const MATCH_LABEL: Record<MatchBy, string> = { email: 'e-mail address', number: 'customer number' };

export function sameKey(matchBy: MatchBy, a: unknown, b: unknown): boolean {
	if (typeof a !== 'string' || typeof b !== 'string') return false;
	return matchBy === 'email' ? a.trim().toLowerCase() === b.trim().toLowerCase() : a.trim() === b.trim();
}

/** The list read with `qs`, or undefined when SmartBusiness refuses the query (400/422). */
export async function listUnlessRefused(this: IExecuteFunctions, path: string, qs: IDataObject): Promise<IDataObject[] | undefined> {
	try {
		return await listAll.call(this, path, qs);
	} catch (error) {
		if (isRefusedQuery(error)) return undefined;
		throw error instanceof NodeApiError ? error : new NodeApiError(this.getNode(), error as JsonObject);
	}
}

/**
 * The contacts whose e-mail or customer number is exactly `key`, with their main address. None is
 * the answer only after the filter and the search both came back without one, or after all
 * contacts were read (the filter refused).
 */
export async function findContacts(this: IExecuteFunctions, matchBy: MatchBy, key: string): Promise<IDataObject[]> {
	const base = { with: 'main_address' };
	const exact = (contacts: IDataObject[] | undefined) => (contacts ?? []).filter((contact) => sameKey(matchBy, contact[matchBy], key));
	const filtered = await listUnlessRefused.call(this, '/contacts', { ...base, filter: JSON.stringify({ [matchBy]: key }) });
	if (exact(filtered).length > 0) return exact(filtered);
	const searched = exact(await listUnlessRefused.call(this, '/contacts', { ...base, q: key }));
	if (searched.length > 0 || filtered !== undefined) return searched;
	return exact(await listAll.call(this, '/contacts', base));
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
