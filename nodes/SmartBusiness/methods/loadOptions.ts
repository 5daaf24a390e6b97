/**
 * Dropdowns and list searches of the SmartBusiness node, loaded with the node's credential:
 * units (`/catalog/configuration/units`), payment slip configurations
 * (`/receivables/configuration/isrs`), bank accounts (`/configuration/bank-accounts`), and a
 * searchable contact list (`/contacts?q=`).
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';
import { listAll, listPage, PAGE_LIMIT } from '../transport';

/** Records → options named by their fields (e.g. "Stück (7)"), sorted by name. */
export function toOptions(records: IDataObject[], label: (record: IDataObject) => string): INodePropertyOptions[] {
	return records
		.filter((record) => record.id !== undefined && record.id !== null)
		.map((record) => {
			const name = label(record).trim();
			return { name: name === '' ? String(record.id) : `${name} (${String(record.id)})`, value: record.id as number };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

const joined = (...parts: unknown[]) => parts.filter((part) => typeof part === 'string' && part.trim() !== '').join(' · ');

export const loadOptions = {
	async getUnits(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return toOptions(await listAll.call(this, '/catalog/configuration/units'), (unit) => joined(unit.name));
	},
	async getPaymentSlips(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return toOptions(await listAll.call(this, '/receivables/configuration/isrs'), (isr) =>
			joined(isr.name, isr.type, isr.iban ?? isr.subscriber_number, isr.default === true ? 'default' : ''),
		);
	},
	async getBankAccounts(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return toOptions(await listAll.call(this, '/configuration/bank-accounts'), (account) => joined(account.description ?? account.bank_name, account.iban));
	},
};

export const listSearch = {
	/** Contacts matching the search text (SmartBusiness's full-text `q`), a page of 200 at a time. */
	async searchContacts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
		const offset = Number(paginationToken ?? 0) || 0;
		const page = await listPage.call(this, '/contacts', { sort: 'name', ...(filter ? { q: filter } : {}) }, PAGE_LIMIT, offset);
		return {
			results: page.items.map((contact) => ({
				name: joined(contact.name, contact.number ? `#${String(contact.number)}` : '', contact.email) || String(contact.id),
				value: String(contact.id),
			})),
			paginationToken: page.hasNext ? String(offset + page.items.length) : undefined,
		};
	},
};
