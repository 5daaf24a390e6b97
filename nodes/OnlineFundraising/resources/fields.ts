/** UI fields the OnlineFundraising action node's resources share. */
import type { INodeProperties } from 'n8n-workflow';

/** A GUID field (OnlineFundraising identifies every entity by a GUID). */
export function guidField(name: string, displayName: string, description: string, required = false): INodeProperties {
	return { displayName, name, type: 'string', default: '', required, description, placeholder: 'e.g. a863d62e-d53b-4651-9b7b-c80792ee1343' };
}

/** `startDate` / `endDate` filters of the lists that take a date range. */
export function dateRangeFilters(nouns: string): INodeProperties[] {
	return [
		{ displayName: 'End Date', name: 'endDate', type: 'dateTime', default: '', description: `Only ${nouns} up to this date (YYYY-MM-DD is sent)` },
		{ displayName: 'Start Date', name: 'startDate', type: 'dateTime', default: '', description: `Only ${nouns} from this date (YYYY-MM-DD is sent)` },
	];
}

export function stateFilter(nouns: string, states: string[]): INodeProperties {
	const firstState = states[0];
	return {
		displayName: 'State',
		name: 'state',
		type: 'options',
		options: states.map((state) => ({ name: state.replace(/([a-z])([A-Z])/g, '$1 $2'), value: state })),
		default: firstState,
		description: `Only ${nouns} in this state`,
	};
}
