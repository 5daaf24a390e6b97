/** Dropdowns of the action node, loaded from OnlineFundraising with the node's credential. */
import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { listAll } from '../transport';

/** Entities → options named "name (GUID)", sorted by name; entities without a GUID are left out. */
export function toGuidOptions(entities: IDataObject[], guidKey: string): INodePropertyOptions[] {
	return entities
		.filter((entity) => typeof entity[guidKey] === 'string' && entity[guidKey] !== '')
		.map((entity) => {
			const guid = entity[guidKey] as string;
			const name = typeof entity.name === 'string' && entity.name.trim() !== '' ? entity.name.trim() : guid;
			return { name: name === guid ? guid : `${name} (${guid})`, value: guid };
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

export const loadOptions = {
	/** Agreements that can be subscribed to (state Available). */
	async getAgreements(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		return toGuidOptions(await listAll.call(this, '/agreements', { state: 'Available' }), 'agreementGuid');
	},
};
