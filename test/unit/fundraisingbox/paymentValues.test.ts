import { failedItemJson } from '../../../nodes/shared/failedItem';
import { paymentValuesFromParameters } from '../../../nodes/FundraisingBox/resources/payment/formValues';
import { paymentResource } from '../../../nodes/FundraisingBox/resources/payment';

describe('paymentValuesFromParameters', () => {
	it('maps the node fields to FundraisingBox form fields', () => {
		const result = paymentValuesFromParameters({
			fields: {
				amount: 25,
				interval: 0,
				paymentMethod: 'sepa_direct_debit',
				salutation: 'Mrs.',
				firstName: 'Erika',
				lastName: 'Musterfrau',
				street: 'Hauptstr. 5',
				postCode: '80331',
				bankAccountOwner: 'Erika Musterfrau',
				bankIban: 'DE02120300000000202051',
				projectId: '4921',
				wantsReceipt: true,
				wantsNewsletter: false,
				successRedirectUrl: 'https://example.org/thanks',
			},
			customFields: { field: [{ id: '123', value: 'Bayern' }, { id: 7, value: '2022-05-22' }] },
			otherFields: { field: [{ name: 'public_message', value: 'Danke!' }] },
		});
		expect(result).toEqual({
			ok: true,
			values: {
				amount: '25',
				interval: '0',
				payment_method: 'sepa_direct_debit',
				salutation: 'Mrs.',
				first_name: 'Erika',
				last_name: 'Musterfrau',
				address: 'Hauptstr. 5',
				post_code: '80331',
				bank_account_owner: 'Erika Musterfrau',
				bank_iban: 'DE02120300000000202051',
				fb_project_id: '4921',
				wants_receipt: '1',
				wants_newsletter: '',
				success_redirect_url: 'https://example.org/thanks',
				donation_custom_field_123: 'Bayern',
				donation_custom_field_7: '2022-05-22',
				public_message: 'Danke!',
			},
		});
	});

	it('keeps an added but empty field (FundraisingBox wants field groups sent together)', () => {
		expect(paymentValuesFromParameters({ fields: { title: '', firstName: 'Max' } })).toEqual({ ok: true, values: { title: '', first_name: 'Max' } });
	});

	it('sends the interval only when it is set: a form without the field refuses even interval=0', () => {
		expect(paymentValuesFromParameters({ fields: { amount: 5, interval: '' } })).toEqual({ ok: true, values: { amount: '5' } });
		expect(paymentValuesFromParameters({ fields: { amount: 5, interval: 0 } })).toEqual({ ok: true, values: { amount: '5', interval: '0' } });
		expect(paymentValuesFromParameters({ fields: { amount: 5, interval: 12 } })).toEqual({ ok: true, values: { amount: '5', interval: '12' } });
	});

	it('ignores parameters that are not form fields', () => {
		expect(paymentValuesFromParameters({ fields: { donorIp: '203.0.113.7', sessionHash: 'x' } })).toEqual({ ok: true, values: {} });
	});

	it('refuses a custom field ID that is not a number and a malformed field name', () => {
		expect(paymentValuesFromParameters({ fields: {}, customFields: { field: [{ id: 'abc', value: '1' }] } })).toEqual({
			ok: false,
			problem: 'Custom field ID "abc" is not a number',
		});
		expect(paymentValuesFromParameters({ fields: {}, otherFields: { field: [{ name: 'x]&hash', value: '1' }] } })).toEqual({
			ok: false,
			problem: '"x]&hash" is not a form field name (letters, digits and _ only)',
		});
	});
});

describe('failedItemJson', () => {
	it('keeps the details an operation attached, with the message as error', () => {
		const error = Object.assign(new Error('FundraisingBox rejected the payment: last_name: Pflichtfeld'), {
			context: { failedItemDetails: { payment_status: 'error', fieldErrors: [{ field: 'last_name' }], error: 'not this' } },
		});
		expect(failedItemJson(error)).toEqual({
			payment_status: 'error',
			fieldErrors: [{ field: 'last_name' }],
			error: 'FundraisingBox rejected the payment: last_name: Pflichtfeld',
		});
	});

	it('is just the message for other errors', () => {
		expect(failedItemJson(new Error('boom'))).toEqual({ error: 'boom' });
	});
});

describe('Payment resource fields', () => {
	const fields = paymentResource.properties;
	const ofOperation = (name: string, operation: string) =>
		fields.find((field) => field.name === name && (field.displayOptions?.show?.operation as string[] | undefined)?.includes(operation));

	it('Create Payment: the interval is optional and not sent by default', () => {
		const interval = ofOperation('interval', 'create');
		expect(interval).toMatchObject({ default: '' });
		expect(interval?.required).toBeFalsy();
		expect(interval?.options).toContainEqual(expect.objectContaining({ value: '' }));
	});

	it('offers the predefined salutations (developer.fundraisingbox.com/reference/predefined-values), not the REST write list', () => {
		const donor = ofOperation('donor', 'create');
		const salutation = (donor?.options as Array<{ name: string; options?: Array<{ value: unknown }> }>).find((option) => option.name === 'salutation');
		expect(salutation?.options?.map((option) => option.value).sort()).toEqual(['', 'Miss', 'Mr.', 'Mrs.', 'Ms', 'couple', 'diverse', 'family'].sort());
	});
});
