/**
 * The event filter every trigger of this pack offers: a multi-select of the vendor's documented
 * events plus "All Events". Vendors add events over time; an event the node does not know yet
 * cannot have been deselected, so it always passes: dropping it would lose data silently.
 */
export const ALL_EVENTS = '*';

export function isEventSelected(selected: readonly string[], vendorEvent: string, documented: ReadonlySet<string>): boolean {
	if (selected.includes(ALL_EVENTS) || selected.includes(vendorEvent)) return true;
	return !documented.has(vendorEvent);
}
