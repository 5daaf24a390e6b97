import type { IWebhookFunctions } from 'n8n-workflow';
import { containsExpression, readParameter } from '../../../nodes/shared/nodeParameters';

describe('readParameter', () => {
	it('detects expressions at any depth and resource locators', () => {
		expect(containsExpression('plain')).toBe(false);
		expect(containsExpression('={{ 1 }}')).toBe(true);
		expect(containsExpression({ a: [{ b: 'x' }, { c: '=y' }] })).toBe(true);
		expect(containsExpression({ __rl: true, value: 'x', mode: 'id' })).toBe(true);
		expect(containsExpression({ a: 1, b: true, c: null })).toBe(false);
	});

	it('returns static values as stored and resolves expressions through n8n', () => {
		const resolved: string[] = [];
		const ctx = {
			getNode: () => ({ parameters: { events: ['on_payment'], options: { thankYouUrl: '={{ "x" }}' } } }),
			getNodeParameter: (name: string) => {
				resolved.push(name);
				return { thankYouUrl: 'x' };
			},
		} as unknown as IWebhookFunctions;
		expect(readParameter(ctx, 'events', ['*'])).toEqual(['on_payment']);
		expect(readParameter(ctx, 'options', {})).toEqual({ thankYouUrl: 'x' });
		expect(resolved).toEqual(['options']);
	});
});
