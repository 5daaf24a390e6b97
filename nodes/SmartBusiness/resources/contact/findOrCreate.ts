import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Operation } from '../../../shared/operations';
import type { CanonicalEvent } from '../../../shared/canonicalEvent';
import { readCanonicalEvent } from '../../../shared/canonicalEventReader';
import { contactFromEvent, contactKeyOf, skippedTestEvent } from '../../fromCanonicalEvent';
import { findOrCreateContact, type MatchBy } from './matching';
import { contactBodyFromFields, eventContactDefaults, includeTestEventsField, matchByField, relationField } from './fields';
import { additionalFields, contactCreateProperties } from './properties';

const fromFields = { show: { contactSource: ['fields'] } };
const fromEvent = { show: { contactSource: ['event'] } };

/**
 * Finds the contact by e-mail or customer number and creates it only when there is none, so a
 * flow that runs twice for the same donor makes one contact. The data comes from the input
 * item's canonical event (this pack's triggers) or from the fields.
 */
export const findOrCreate: Operation = {
	option: {
		name: 'Find or Create',
		value: 'findOrCreate',
		action: 'Find or create a contact',
		description: 'Find a contact by e-mail or customer number; create it if there is none',
	},
	properties: [
		{
			displayName: 'Contact Data',
			name: 'contactSource',
			type: 'options',
			options: [
				{ name: 'From Event', value: 'event', description: "The contact of the input item, an event from one of this pack's triggers" },
				{ name: 'Fields Below', value: 'fields' },
			],
			default: 'event',
		},
		matchByField,
		...contactCreateProperties.map((property) => ({ ...property, displayOptions: { show: { ...property.displayOptions?.show, ...fromFields.show } } })),
		{ ...additionalFields('additionalFields'), displayOptions: fromFields },
		{ ...relationField, displayOptions: fromEvent, name: 'eventRelation' },
		...eventContactDefaults.map((property) => ({ ...property, displayOptions: fromEvent })),
		{ ...includeTestEventsField, displayOptions: fromEvent },
	],
	async handler(this: IExecuteFunctions, itemIndex: number) {
		const matchBy = this.getNodeParameter('matchBy', itemIndex) as MatchBy;
		if (this.getNodeParameter('contactSource', itemIndex) !== 'event') {
			const body = contactBodyFromFields(this, itemIndex);
			return await findOrCreateContact.call(this, matchBy, body[matchBy], () => body, itemIndex);
		}
		let event: CanonicalEvent;
		try {
			event = readCanonicalEvent(this.getInputData()[itemIndex].json, 'or choose "Fields Below" under Contact Data');
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex });
		}
		if (event.testMode === true && !this.getNodeParameter('includeTestEvents', itemIndex, false)) return skippedTestEvent(event);
		const options = {
			relation: this.getNodeParameter('eventRelation', itemIndex, ['CL']) as string[],
			defaultGender: this.getNodeParameter('defaultGender', itemIndex, '') as string,
			defaultCountry: this.getNodeParameter('defaultCountry', itemIndex, 'CH') as string,
			withCustomerNumber: matchBy === 'number',
		};
		return await findOrCreateContact.call(this, matchBy, contactKeyOf(event, matchBy), () => contactFromEvent(event, options), itemIndex);
	},
};
