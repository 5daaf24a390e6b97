/**
 * The text Digistore24 gets back for an accepted IPN: `OK`, optionally followed by `key: value`
 * lines (thank-you URL, access data). Declared in the webhook description so that n8n sends it
 * only after it has registered the execution.
 *
 * The description holds an expression template (what the editor and older n8n versions evaluate)
 * and, under n8n's registered symbol for native resolvers, the same function: n8n 2.40+ then
 * computes the reply without its expression engine when the node's parameters are static. The
 * function must stay self-contained (no imports, no outer names) and plain enough for the
 * expression sandbox, since its source text is the template.
 */
import type { IWebhookDescription, NodeParameterValueType } from 'n8n-workflow';

export const ACCEPTED_REPLY = 'OK';

type ReplyParameters = {
	options?: { thankYouUrl?: string; replyLines?: { line?: Array<{ key?: string; value?: string }> } };
};

const replyText = (parameters: ReplyParameters): string => {
	const options = parameters.options || {};
	const oneLine = (value: unknown) =>
		String(value === undefined || value === null ? '' : value)
			.replace(/[\r\n]+/g, ' ')
			.trim();
	const lines = ['OK'];
	if (options.thankYouUrl) lines.push('thankyou_url: ' + oneLine(options.thankYouUrl));
	const extra = (options.replyLines && options.replyLines.line) || [];
	extra
		.filter((entry) => oneLine(entry.key) !== '')
		.forEach((entry) => lines.push(oneLine(entry.key).replace(/:/g, '') + ': ' + oneLine(entry.value)));
	return lines.join('\n');
};

/** Same key as n8n-workflow's WEBHOOK_RESOLVERS (a registered symbol), without requiring a recent n8n-workflow. */
const WEBHOOK_RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers');
const template = `={{(${String(replyText)})($parameter)}}`;

export const replyDescription: Partial<IWebhookDescription> = {
	responseData: template,
	[WEBHOOK_RESOLVERS]: {
		responseData: { template, resolve: (parameters: object) => replyText(parameters as ReplyParameters) as NodeParameterValueType },
	},
} as Partial<IWebhookDescription>;

export { replyText };
