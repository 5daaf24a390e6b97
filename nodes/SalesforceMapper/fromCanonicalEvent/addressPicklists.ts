/**
 * State and country picklists (Salesforce Help "State and Country/Territory Picklists"): with them
 * on, `<prefix>CountryCode` and `<prefix>StateCode` take the org's own codes, and a code fills the
 * integration value (the name) by itself. The org's values come from its describe, so names like
 * "Korea, Republic of" are the org's, not `Intl.DisplayNames`'. Without the code fields (country
 * as a name), the text fields take the integration values, by default the picklists' labels: the
 * org's own name for the event's ISO code, its label for a state. A country or state the org does
 * not have is left out (Salesforce would refuse the whole record with FIELD_INTEGRITY_EXCEPTION).
 */
import type { DescribedField } from '../methods/loadOptions';
import type { FieldValues } from './contacts';

export interface PicklistEntry {
	value: string;
	label: string;
}

export interface AddressPicklists {
	countries: PicklistEntry[];
	states: PicklistEntry[];
}

/** The org's active country and state codes for an address (`Mailing`, `Billing`), or undefined: picklists are off. */
export function addressPicklistsOf(fields: DescribedField[], prefix: string): AddressPicklists | undefined {
	const entries = (name: string) =>
		fields
			.find((field) => field.name === name)
			?.picklistValues?.filter((entry) => entry.active !== false)
			.map((entry) => ({ value: entry.value, label: entry.label || entry.value }));
	const countries = entries(`${prefix}CountryCode`);
	return countries ? { countries, states: entries(`${prefix}StateCode`) ?? [] } : undefined;
}

/** A picklist entry by its code, else by its label (the integration value), ignoring case. */
function entryFor(entries: PicklistEntry[], text: string): PicklistEntry | undefined {
	const wanted = text.trim().toLowerCase();
	return entries.find((entry) => entry.value.toLowerCase() === wanted) ?? entries.find((entry) => entry.label.toLowerCase() === wanted);
}

/**
 * Puts the address's country and state into the code fields with the org's codes (in place);
 * returns what the org's picklists do not have and was left out.
 */
export function applyAddressPicklists(fields: FieldValues, prefix: string, picklists: AddressPicklists): string[] {
	const [countryCode, country, stateCode, state] = ['CountryCode', 'Country', 'StateCode', 'State'].map((suffix) => `${prefix}${suffix}`);
	const leftOut: string[] = [];
	const take = (code: string, text: string, entries: PicklistEntry[], what: string) => {
		const given = fields[code] ?? fields[text];
		if (typeof given !== 'string') return;
		delete fields[code];
		delete fields[text];
		const entry = entries.length > 0 ? entryFor(entries, given) : undefined;
		if (entry) fields[code] = entry.value;
		else leftOut.push(`${what} "${given}"`);
	};
	take(countryCode, country, picklists.countries, 'country');
	take(stateCode, state, typeof fields[countryCode] === 'string' ? picklists.states : [], 'state');
	return leftOut;
}

/**
 * Puts the org's own names into the address's text fields (in place): the country's label for the
 * event's ISO code (else for the name sent), the state's label for its code or name; returns what
 * the org's picklists do not have and was left out.
 */
export function applyAddressNames(fields: FieldValues, prefix: string, picklists: AddressPicklists, countryCode?: string): string[] {
	const [country, state] = ['Country', 'State'].map((suffix) => `${prefix}${suffix}`);
	const leftOut: string[] = [];
	const take = (field: string, wanted: string | undefined, entries: PicklistEntry[], what: string) => {
		const given = wanted ?? fields[field];
		if (typeof given !== 'string') return;
		const entry = entries.length > 0 ? entryFor(entries, given) : undefined;
		if (entry) fields[field] = entry.label;
		else {
			delete fields[field];
			leftOut.push(`${what} "${given}"`);
		}
	};
	take(country, typeof fields[country] === 'string' ? countryCode : undefined, picklists.countries, 'country');
	take(state, undefined, typeof fields[country] === 'string' ? picklists.states : [], 'state');
	return leftOut;
}
