import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { resourceSelector, runResourceOperations, type ResourceModule } from '../shared/resourceModule';
import { listSearch, loadOptions } from './methods/loadOptions';
import { contactResource } from './resources/contact';
import { contactPersonResource } from './resources/contactPerson';
import { invoiceResource } from './resources/invoice';
import { CREDENTIAL_TYPE } from './transport';

/** Every resource of the node; adding one is adding its module here. */
const RESOURCES: ResourceModule[] = [contactResource, contactPersonResource, invoiceResource];

export class SmartBusiness implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'PostFinance SmartBusiness',
		name: 'smartBusiness',
		icon: { light: 'file:../../icons/smartbusiness.svg', dark: 'file:../../icons/smartbusiness.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create and send invoices and keep contacts in PostFinance SmartBusiness or smallinvoice',
		defaults: { name: 'PostFinance SmartBusiness' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [resourceSelector(RESOURCES, contactResource.option.value), ...RESOURCES.flatMap((resource) => resource.properties)],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runResourceOperations.call(this, RESOURCES);
	}
}
