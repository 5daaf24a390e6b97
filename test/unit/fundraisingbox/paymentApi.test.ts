import {
	answerObject,
	credentialTestVerdict,
	describeGroupProblems,
	formValue,
	incompleteFieldGroups,
	interpretPaymentAnswer,
	interpretSessionAnswer,
	listFieldErrors,
	parseApiError,
	paymentFormBody,
} from '../../../nodes/FundraisingBox/paymentApi/protocol';

const TRANSACTION = { transaction_id: 'FB-T-123456', status: 'confirmed', amount: 12.34, currency: 'EUR', interval: 0 };

describe('paymentFormBody', () => {
	it('puts values under payment[...] next to the top-level parameters', () => {
		expect(paymentFormBody({ amount: '10', last_name: 'Mustermann', donation_custom_field_7: 'red' }, { api: 'json', ip: '203.0.113.7' })).toEqual({
			api: 'json',
			ip: '203.0.113.7',
			'payment[amount]': '10',
			'payment[last_name]': 'Mustermann',
			'payment[donation_custom_field_7]': 'red',
		});
	});

	it('refuses a name that would change the structure of the body', () => {
		expect(() => paymentFormBody({ 'amount][x': '1' })).toThrow('not a FundraisingBox form field name');
		expect(() => paymentFormBody({ '': '1' })).toThrow();
	});
});

describe('formValue', () => {
	it('writes numbers as they are and checkboxes as "1" or ""', () => {
		expect(formValue(12.5)).toBe('12.5');
		expect(formValue(0)).toBe('0');
		expect(formValue(true)).toBe('1');
		expect(formValue(false)).toBe('');
		expect(formValue(undefined)).toBe('');
		expect(formValue('Jörg & Co')).toBe('Jörg & Co');
	});
});

describe('incompleteFieldGroups', () => {
	it('names the missing partners of a partly sent group', () => {
		const problems = incompleteFieldGroups({ first_name: 'Max', last_name: 'Mustermann', amount: '5' });
		expect(problems).toEqual([{ group: ['salutation', 'title', 'first_name', 'last_name'], missing: ['salutation', 'title'] }]);
		expect(describeGroupProblems(problems)).toBe('salutation, title (to go with first_name, last_name)');
	});

	it('accepts complete groups (empty values count as sent) and values outside any group', () => {
		expect(incompleteFieldGroups({ salutation: '', title: '', first_name: 'Max', last_name: 'M', amount: '5' })).toEqual([]);
		expect(incompleteFieldGroups({ amount: '5', email: 'a@example.org' })).toEqual([]);
	});

	it('reports every incomplete group', () => {
		const problems = incompleteFieldGroups({ city: 'Augsburg', bank_iban: 'DE02120300000000202051' });
		expect(problems.map((problem) => problem.missing)).toEqual([
			['address', 'post_code', 'country'],
			['bank_fields', 'bank_account_owner', 'bank_account_number', 'bank_number', 'bank_bic', 'bank_confirmation'],
		]);
	});
});

describe('listFieldErrors', () => {
	it('reads the three parts of an Errors JSON in order', () => {
		expect(
			listFieldErrors({
				current_fields: { interval: 'Ungültig' },
				other_fields: { last_name: 'Pflichtfeld' },
				globals: ['Es ist ein Fehler aufgetreten.'],
			}),
		).toEqual([
			{ field: 'interval', message: 'Ungültig', kind: 'current_fields' },
			{ field: 'last_name', message: 'Pflichtfeld', kind: 'other_fields' },
			{ field: null, message: 'Es ist ein Fehler aufgetreten.', kind: 'globals' },
		]);
	});

	it('tolerates missing or malformed parts (PHP sends an empty object as [])', () => {
		expect(listFieldErrors(undefined)).toEqual([]);
		expect(listFieldErrors({ current_fields: [], other_fields: null, globals: 'x' })).toEqual([]);
	});
});

describe('parseApiError', () => {
	it('reads the code and its documented meaning', () => {
		expect(parseApiError('error 105: no hash')).toEqual({ code: 105, meaning: 'no hash: the form hash is missing', text: 'error 105: no hash' });
		expect(parseApiError('error 202: session processed').meaning).toMatch(/only once/);
		expect(parseApiError('something else')).toEqual({ code: undefined, meaning: undefined, text: 'something else' });
	});
});

describe('answerObject', () => {
	it('parses JSON text and refuses anything else', () => {
		expect(answerObject('{"status":"success"}')).toEqual({ status: 'success' });
		expect(answerObject('<html>Bad Gateway</html>')).toBeUndefined();
		expect(answerObject('[1]')).toBeUndefined();
		expect(answerObject({ a: 1 })).toEqual({ a: 1 });
	});
});

describe('interpretPaymentAnswer', () => {
	it('passes a successful payment through with its transaction', () => {
		const body = { status: 'success', payment_status: 'success', redirect_url: 'https://example.org/thanks', transaction: TRANSACTION };
		expect(interpretPaymentAnswer(200, body)).toEqual({ ok: true, json: body });
	});

	it('passes an awaiting redirect payment through with its redirect URL', () => {
		const body = { status: 'success', payment_status: 'awaiting', redirect_url: 'https://paypal.example/x', transaction: { ...TRANSACTION, status: 'awaiting' } };
		expect(interpretPaymentAnswer(200, JSON.stringify(body))).toEqual({ ok: true, json: body });
	});

	it('turns payment_status error into a failure naming each field and its message', () => {
		const body = {
			status: 'success',
			payment_status: 'error',
			errors: { current_fields: { interval: 'Ungültig' }, other_fields: { last_name: 'Pflichtfeld' }, globals: [] },
		};
		const result = interpretPaymentAnswer(200, body);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.failure.message).toBe('FundraisingBox rejected the payment: interval: Ungültig; last_name: Pflichtfeld');
		expect(result.failure.details).toMatchObject({
			payment_status: 'error',
			errors: body.errors,
			fieldErrors: [
				{ field: 'interval', message: 'Ungültig', kind: 'current_fields' },
				{ field: 'last_name', message: 'Pflichtfeld', kind: 'other_fields' },
			],
		});
	});

	it.each([400, 404, 500, 200])('turns a top-level API error with HTTP %i into a failure with code and meaning', (httpStatus) => {
		const result = interpretPaymentAnswer(httpStatus, { status: 'error', error: 'error 106: no config' });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.failure.message).toBe('FundraisingBox refused the request: error 106 (no config: no form has been found for the given hash)');
		expect(result.failure.description).toContain('Check the form hash');
		expect(result.failure.details).toEqual({ status: 'error', apiError: 'error 106: no config', apiErrorCode: 106, httpStatus });
	});

	it('reports an answer that is not the API JSON', () => {
		const result = interpretPaymentAnswer(502, '<html>Bad Gateway</html>');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.failure.message).toBe("FundraisingBox answered HTTP 502 without the Payment-API's JSON");
	});
});

describe('interpretSessionAnswer', () => {
	const session = (errors: object) => ({ status: 'success', session: { hash: 's1', status: 'incomplete', errors, values: { amount: '5' } } });

	it('accepts an incomplete session whose only errors are fields still to send', () => {
		const body = session({ current_fields: {}, other_fields: { last_name: 'Pflichtfeld' }, globals: [] });
		expect(interpretSessionAnswer(200, body)).toEqual({ ok: true, json: body });
	});

	it('fails when sent values were not stored, and keeps the session in the details', () => {
		const body = session({ current_fields: { email: 'Ungültig' }, other_fields: { last_name: 'Pflichtfeld' } });
		const result = interpretSessionAnswer(200, body);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.failure.message).toBe('FundraisingBox did not store these session values: email: Ungültig');
		expect(result.failure.details).toMatchObject({ session: body.session, fieldErrors: [{ field: 'email', kind: 'current_fields' }] });
	});

	it('reports session API errors by code', () => {
		const result = interpretSessionAnswer(400, { status: 'error', error: 'error 203: session not found' });
		expect(!result.ok && result.failure.message).toBe('FundraisingBox refused the request: error 203 (session not found: wrong or no session hash)');
	});
});

describe('credentialTestVerdict', () => {
	it('passes on error 205: the form is known, only the values are missing', () => {
		expect(credentialTestVerdict(400, { status: 'error', error: 'error 205: new session requires values' })).toEqual({
			ok: true,
			message: 'FundraisingBox knows the form hash',
		});
	});

	it.each([
		['error 106: no config', /error 106 \(no config/],
		['error 105: no hash', /error 105/],
		['error 104: not api owner', /form API/],
		['error 103: inactive', /inactive/],
	])('fails on %s', (error, message) => {
		const verdict = credentialTestVerdict(400, { status: 'error', error });
		expect(verdict.ok).toBe(false);
		expect(verdict.message).toMatch(message);
	});

	it('fails on an answer that is not the API', () => {
		expect(credentialTestVerdict(200, '<html></html>').ok).toBe(false);
	});
});
