/**
 * The text Digistore24 gets back for an accepted IPN: `OK`, optionally followed by `key: value`
 * lines (thank-you URL, access data). Declared in the webhook description so that n8n sends it
 * only after it has registered the execution. `fromFunction` gives n8n a native resolver, so a
 * node with static parameters needs no expression engine for it; the function must therefore be
 * self-contained (no imports, no outer names) and plain enough for n8n's expression sandbox.
 */
import type { IWebhookDescription } from 'n8n-workflow';
import { fromFunction, webhookDescriptionFields } from 'n8n-workflow';

export const ACCEPTED_REPLY = 'OK';

export const replyDescription: Partial<IWebhookDescription> = webhookDescriptionFields({
	responseData: fromFunction((parameters) => {
		const options = (parameters.options || {}) as {
			thankYouUrl?: string;
			replyLines?: { line?: Array<{ key?: string; value?: string }> };
		};
		const oneLine = (value: unknown) => String(value === undefined || value === null ? '' : value).replace(/[\r\n]+/g, ' ').trim();
		const lines = ['OK'];
		if (options.thankYouUrl) lines.push('thankyou_url: ' + oneLine(options.thankYouUrl));
		const extra = (options.replyLines && options.replyLines.line) || [];
		extra
			.filter((entry) => oneLine(entry.key) !== '')
			.forEach((entry) => lines.push(oneLine(entry.key).replace(/:/g, '') + ': ' + oneLine(entry.value)));
		return lines.join('\n');
	}),
});
