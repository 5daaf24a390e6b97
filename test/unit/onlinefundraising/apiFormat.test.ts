import { describeOnlineFundraisingError, explainCode } from '../../../nodes/OnlineFundraising/errors';
import { copenhagenTimestampToIso, fromOnlineFundraising, toApiDate } from '../../../nodes/OnlineFundraising/apiFormat';

describe('copenhagenTimestampToIso', () => {
	it.each([
		['2019-12-31 15:59:59 +0100', '2019-12-31T15:59:59+01:00'],
		['2022-07-12 09:00:14 +0200', '2022-07-12T09:00:14+02:00'],
		[' 2020-01-17 11:01:53 +0100 ', '2020-01-17T11:01:53+01:00'],
		['2022-07-12 09:00:14 +02:00', '2022-07-12T09:00:14+02:00'],
	])('%s → %s', (text, iso) => {
		expect(copenhagenTimestampToIso(text)).toBe(iso);
		expect(new Date(iso).getTime()).toBe(new Date(copenhagenTimestampToIso(text)!).getTime());
	});

	it.each(['', '2019-12-31', '2019-12-31 15:59:59', '2019-02-30 10:00:00 +0100', '2019-12-31 24:00:00 +0100', 'soon', 42, null])(
		'%j is not a timestamp',
		(text) => expect(copenhagenTimestampToIso(text)).toBeNull(),
	);
});

describe('fromOnlineFundraising', () => {
	it('converts the documented contact sample: timestamps to ISO 8601, "" to null', () => {
		expect(
			fromOnlineFundraising({
				contactGuid: 'a863d62e-d53b-4651-9b7b-c80792ee1343',
				name: 'Jens Jensen',
				birthDate: '2005-07-10',
				nationalId: '1007059995',
				address2: '',
				msisdn: '4535294855',
				createdTs: '2019-12-31 15:59:59 +0100',
				updatedTs: '',
				archivedTs: '',
			}),
		).toEqual({
			contactGuid: 'a863d62e-d53b-4651-9b7b-c80792ee1343',
			name: 'Jens Jensen',
			birthDate: '2005-07-10',
			nationalId: '1007059995',
			address2: null,
			msisdn: '4535294855',
			createdTs: '2019-12-31T15:59:59+01:00',
			updatedTs: null,
			archivedTs: null,
		});
	});

	it('reads the newest documented Subscription example (startDate a timestamp, integer codes) and the older one (dates, "" codes)', () => {
		// support.onlinefundraising.dk/hc/en-001/articles/5251044055708 (newest version), HTTP 200 example.
		const newest = {
			subscriptionGuid: 'a863d62e-d53b-4651-9b7b-000000000001',
			merchantId: 'your-merchant',
			state: 'Pending',
			paymentMethodType: 'Card',
			createdTs: '2019-12-31 15:59:59 +0100',
			updatedTs: '2019-12-31 15:59:59 +0100',
			startDate: '2019-12-31 15:59:59 +0100',
			expiresAfterDate: '2019-01-01',
			cancelledTs: '2019-12-31 15:59:59 +0100',
			cancelCode: 100101,
			cancelDescription: 'string',
			inactivatedTs: '2019-12-31 15:59:59 +0100',
			quantity: 1,
			errorCode: 100001,
			nextDueDate: '2019-01-01',
		};
		expect(fromOnlineFundraising(newest)).toEqual({
			...newest,
			createdTs: '2019-12-31T15:59:59+01:00',
			updatedTs: '2019-12-31T15:59:59+01:00',
			startDate: '2019-12-31T15:59:59+01:00',
			cancelledTs: '2019-12-31T15:59:59+01:00',
			inactivatedTs: '2019-12-31T15:59:59+01:00',
			cancelCodeMeaning: 'Subscription: mandate cancelled (the payment method has 200101 by debtor or 200102 by creditor)',
		});
		// The older example: a date, and "" where there is no code.
		expect(fromOnlineFundraising({ version: 1, startDate: '2020-01-01', cancelCode: '', errorCode: '', expiresAfterDate: '' })).toEqual({
			version: 1,
			startDate: '2020-01-01',
			cancelCode: null,
			errorCode: null,
			expiresAfterDate: null,
		});
	});

	it('amounts become decimal strings; the VAT rate, quantities and flags keep their type', () => {
		expect(
			fromOnlineFundraising({ unitPrice: 100.0, amount: 100.5, amountVat: 25, amountTotal: '125.0', vatPercentage: 25.0, defaultQuantity: 1, taxDeductable: false }),
		).toEqual({ unitPrice: '100', amount: '100.5', amountVat: '25', amountTotal: '125.0', vatPercentage: 25, defaultQuantity: 1, taxDeductable: false });
	});

	it('explains documented codes next to them, and leaves unknown codes alone', () => {
		expect(fromOnlineFundraising({ errorCode: 100103, cancelCode: '', gatewayErrorCode: '230945' })).toEqual({
			errorCode: 100103,
			errorCodeMeaning: 'Subscription expired due to defined expiration date',
			cancelCode: null,
			gatewayErrorCode: '230945',
			gatewayErrorCodeMeaning: 'Betalingsservice: invalid CPR',
		});
		expect(fromOnlineFundraising({ errorCode: '99' })).toEqual({ errorCode: '99' });
	});

	it('a DataSet keeps its form data as received, but its paymentSessionResult is converted', () => {
		const formResult = { name: 'John Doe', note: '', submitted: '2022-07-12 09:00:14 +0200' };
		const converted = fromOnlineFundraising({
			createdTs: '2022-07-12 09:00:14 +0200',
			sensitive_data: ['middleName'],
			jsonElement: {
				formResult,
				formFields: [{ inputType: 'text', label: 'Name', name: 'name', value: '' }],
				paymentSessionResult: { postProcessedTs: '2019-12-31 15:59:59 +0100', postProcessingErrorDescription: '', contactGuidResult: 'c-1' },
			},
		});
		expect(converted).toEqual({
			createdTs: '2022-07-12T09:00:14+02:00',
			sensitive_data: ['middleName'],
			jsonElement: {
				formResult,
				formFields: [{ inputType: 'text', label: 'Name', name: 'name', value: '' }],
				paymentSessionResult: { postProcessedTs: '2019-12-31T15:59:59+01:00', postProcessingErrorDescription: null, contactGuidResult: 'c-1' },
			},
		});
	});

	it('a Ts field that is not a timestamp stays as it is', () => {
		expect(fromOnlineFundraising({ originTs: '2019-12-31' })).toEqual({ originTs: '2019-12-31' });
	});
});

describe('toApiDate', () => {
	it.each([
		['2024-05-01T00:00:00', '2024-05-01'],
		['2024-05-01', '2024-05-01'],
		['2024-05-01T10:15:00.000+02:00', '2024-05-01'],
		['', undefined],
		[undefined, undefined],
	])('%j → %j', (value, date) => expect(toApiDate(value)).toBe(date));
});

describe('OnlineFundraising errors', () => {
	it('a 400 names the code and the description, and explains a documented code', () => {
		expect(describeOnlineFundraisingError({ statusCode: 400, body: { errorCode: '10001', errorDescription: 'Invalid data' }, method: 'POST', path: '/contact' })).toEqual({
			message: 'OnlineFundraising rejected the request: error 10001: Invalid data',
			description: 'POST /contact answered 400',
		});
		expect(describeOnlineFundraisingError({ statusCode: 400, body: '{"errorCode":"230945","errorDescription":"Rejected"}', method: 'POST', path: '/subscription' }).description).toBe(
			'POST /subscription answered 400. Code 230945: Betalingsservice: invalid CPR',
		);
	});

	it('401 points at the key and its IP address; 404 shows the entity text', () => {
		expect(describeOnlineFundraisingError({ statusCode: 401, body: undefined, method: 'GET', path: '/contacts' }).message).toBe('OnlineFundraising refused the API key');
		expect(describeOnlineFundraisingError({ statusCode: 404, body: { errorCode: '404', errorDescription: 'Agreement not found' }, method: 'GET', path: '/agreement/x' })).toEqual({
			message: 'OnlineFundraising: Agreement not found',
			description: 'GET /agreement/x answered 404',
		});
		expect(describeOnlineFundraisingError({ statusCode: 404, body: '', method: 'GET', path: '/contact/x' }).message).toBe(
			'OnlineFundraising: nothing found at /contact/x',
		);
		expect(describeOnlineFundraisingError({ statusCode: 500, body: 'oops', method: 'GET', path: '/x' })).toEqual({
			message: 'OnlineFundraising answered 500',
			description: 'GET /x answered 500: oops',
		});
	});

	it('explainCode knows the documented table only', () => {
		expect(explainCode(300002)).toBe('Payment has failed to charge (e.g. card blocked or lost)');
		expect(explainCode('10001')).toBeUndefined();
		expect(explainCode(undefined)).toBeUndefined();
	});
});
