/**
 * Fast path for reading node parameters inside `webhook()`. Every `getNodeParameter()` call goes
 * through n8n's expression machinery, which costs on each request; a parameter that holds no
 * expression (no string starting with "=") is returned from the node's stored parameters instead.
 * Anything with an expression still goes through `getNodeParameter()`, so behaviour is unchanged.
 */
import type { IWebhookFunctions, NodeParameterValueType } from 'n8n-workflow';

export function containsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(containsExpression);
	if (value !== null && typeof value === 'object') {
		// Resource locators ({ __rl: true, ... }) are resolved by n8n; never short-cut them.
		if ('__rl' in value) return true;
		return Object.values(value).some(containsExpression);
	}
	return false;
}

export function readParameter<T extends NodeParameterValueType | object>(context: IWebhookFunctions, name: string, fallback: T): T {
	const stored = context.getNode().parameters[name];
	if (stored !== undefined && !containsExpression(stored)) return stored as T;
	return context.getNodeParameter(name, fallback) as T;
}
