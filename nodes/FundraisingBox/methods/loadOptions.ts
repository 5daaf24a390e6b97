/** Dropdowns of the action node, loaded from FundraisingBox with the node's credential. */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { fundraisingBoxListAll } from '../transport';

/** Records with `id` and `name` → dropdown options by name; a record without a name shows its id. */
export function toDropdownOptions(records: IDataObject[]): INodePropertyOptions[] {
	return records
		.filter((record) => typeof record.id === 'number' || typeof record.id === 'string')
		.map((record) => {
			const name = typeof record.name === 'string' && record.name.trim() !== '' ? record.name.trim() : `#${String(record.id)}`;
			return { name: `${name} (${String(record.id)})`, value: record.id as number | string };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

async function optionsOf(context: ILoadOptionsFunctions, endpoint: string): Promise<INodePropertyOptions[]> {
	return toDropdownOptions(await fundraisingBoxListAll.call(context, endpoint));
}

export const loadOptions = {
	async getProjects(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await optionsOf(this, '/projects.json');
	},
	async getSources(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await optionsOf(this, '/sources.json');
	},
	async getPaymentTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return await optionsOf(this, '/types.json');
	},
};
