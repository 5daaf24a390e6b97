/**
 * The text Digistore24 gets back for an accepted IPN: `OK`, optionally followed by `key: value`
 * lines (thank-you URL, access data).
 *
 * `webhook()` returns it as `webhookResponse`, and the webhook description declares an empty
 * `responseData`: in `onReceived` mode n8n then sends `webhookResponse`, and only after it has
 * registered the execution. (A `responseData` expression over `$parameter` would not resolve
 * expressions nested in the options collection; computing the text from the resolved options
 * in `webhook()` does.)
 */
export const ACCEPTED_REPLY = 'OK';

export interface ReplyOptions {
	thankYouUrl?: string;
	replyLines?: { line?: Array<{ key?: string; value?: string }> };
}

const oneLine = (value: unknown) =>
	String(value ?? '')
		.replace(/[\r\n]+/g, ' ')
		.trim();

export function replyText(options: ReplyOptions = {}): string {
	const lines = [ACCEPTED_REPLY];
	if (options.thankYouUrl) lines.push(`thankyou_url: ${oneLine(options.thankYouUrl)}`);
	for (const { key, value } of options.replyLines?.line ?? []) {
		const name = oneLine(key).replace(/:/g, '');
		if (name) lines.push(`${name}: ${oneLine(value)}`);
	}
	return lines.join('\n');
}
