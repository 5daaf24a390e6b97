/** UI fields every webhook trigger of this pack shares: the event filter and the IP allowlist. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { ALL_EVENTS } from './eventFilter';

/** Canvas subtitle of a trigger with an Events filter: "All events", the one event, or how many. */
export const EVENTS_SUBTITLE =
	'={{$parameter["events"].includes("*") ? "All events" : $parameter["events"].length === 1 ? $parameter["events"][0] : $parameter["events"].length + " events"}}';

/** The Events multi-select (see ./eventFilter.ts for how it filters). */
export function eventFilterProperty(vendor: string, what: string, events: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [ALL_EVENTS],
		description: `Which ${what} start the workflow. Others are answered as received and ignored. Events this node does not know yet (added by ${vendor} later) always start the workflow.`,
		options: [{ name: 'All Events', value: ALL_EVENTS, description: `Every event, including ones added by ${vendor} later` }, ...events],
	};
}

export function ipAllowlistOption(hint = ''): INodeProperties {
	return {
		displayName: 'IP Allowlist',
		name: 'ipAllowlist',
		type: 'string',
		default: '',
		placeholder: '203.0.113.0/24, 2001:db8::/32',
		description: `Addresses or CIDR ranges allowed to call this webhook, separated by commas. Empty allows all. Write ranges by their network address (203.0.113.0/24, not 203.0.113.5/24).${hint} n8n checks the address it sees: behind reverse proxies, N8N_PROXY_HOPS must equal the number of proxies in front of n8n. More lets a client pick its own address with X-Forwarded-For; fewer shows n8n a proxy's address.`,
	};
}

/**
 * The Options collection of a webhook trigger (named `triggerOptions`, see RAW_BODY_PARAMETER):
 * the IP allowlist first, then the vendor's own options.
 */
export function triggerOptionsCollection(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'triggerOptions', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

/**
 * n8n parses the body of a version-1 webhook node (JSON, XML with xml2js, forms) before calling it,
 * unless `options.binaryData` is set. Triggers that read the raw bytes themselves (with
 * `receiveRawBody`) add this hidden parameter: no second parse, and a malformed body gets the
 * trigger's 400 with its reason instead of n8n's generic 422. Their own options collection is
 * therefore named `triggerOptions`.
 */
export const RAW_BODY_PARAMETER: INodeProperties = {
	displayName: 'Raw Body',
	name: 'options',
	type: 'hidden',
	default: { binaryData: true },
};
