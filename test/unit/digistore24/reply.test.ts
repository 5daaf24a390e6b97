import { replyDescription, replyText } from '../../../nodes/Digistore24/reply';

describe('Digistore24 reply', () => {
	it('is exactly OK without options', () => {
		expect(replyText({})).toBe('OK');
		expect(replyText({ options: {} })).toBe('OK');
	});

	it('adds the thank-you URL and reply lines, one per line, without injected line breaks or colons in keys', () => {
		expect(
			replyText({
				options: {
					thankYouUrl: 'https://example.org/thanks',
					replyLines: { line: [{ key: 'username', value: 'donor42' }, { key: 'head:line', value: 'Your\r\naccess' }, { key: ' ', value: 'dropped' }] },
				},
			}),
		).toBe('OK\nthankyou_url: https://example.org/thanks\nusername: donor42\nheadline: Your access');
	});

	it('declares the template and a native resolver built from the same function', () => {
		const resolvers = (replyDescription as Record<symbol, Record<string, { template: string; resolve: (p: object) => unknown }>>)[
			Symbol.for('n8n.webhookDescriptionResolvers')
		];
		expect(replyDescription.responseData).toMatch(/^=\{\{\(.*\)\(\$parameter\)\}\}$/s);
		expect(resolvers.responseData.template).toBe(replyDescription.responseData);
		expect(resolvers.responseData.resolve({ options: { thankYouUrl: 'https://x.test' } })).toBe('OK\nthankyou_url: https://x.test');
	});
});
