import { replyText } from '../../../nodes/Digistore24/trigger/reply';

describe('Digistore24 reply', () => {
	it('is exactly OK without options', () => {
		expect(replyText()).toBe('OK');
		expect(replyText({})).toBe('OK');
	});

	it('adds the thank-you URL and reply lines, one per line, without injected line breaks or colons in keys', () => {
		expect(
			replyText({
				thankYouUrl: 'https://example.org/thanks',
				replyLines: { line: [{ key: 'username', value: 'donor42' }, { key: 'head:line', value: 'Your\r\naccess' }, { key: ' ', value: 'dropped' }] },
			}),
		).toBe('OK\nthankyou_url: https://example.org/thanks\nusername: donor42\nheadline: Your access');
	});
});
