/** Real HTTP against n8n with undici. */
import { request } from 'undici';

export interface Reply {
	status: number;
	body: string;
	headers: Record<string, string | string[] | undefined>;
}

export async function send(
	url: string,
	options: { method?: 'GET' | 'POST'; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Reply> {
	const response = await request(url, { method: options.method ?? 'POST', body: options.body, headers: options.headers });
	return { status: response.statusCode, body: await response.body.text(), headers: response.headers };
}

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** Encodes fields as a form body in the given order (a repeated key is allowed on purpose). */
export function formBody(fields: Record<string, string> | Array<[string, string]>): string {
	const entries = Array.isArray(fields) ? fields : Object.entries(fields);
	return entries.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}
