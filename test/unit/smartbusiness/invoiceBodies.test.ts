import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';
import { addDays, apiDateTime, listQuery, swissToday } from '../../../nodes/SmartBusiness/apiFormat';
import {
	contactRecipient,
	createInvoiceBody,
	invoiceFieldsBody,
	invoiceListFilter,
	mergeDefaultText,
	openAmount,
	parseRecipients,
	paymentBody,
	pdfFileName,
	pdfQuery,
	positionsBody,
	responseBytes,
} from '../../../nodes/SmartBusiness/resources/invoice/bodies';
import { SmartBusiness } from '../../../nodes/SmartBusiness/SmartBusiness.node';
import { runStubbed } from './stubbedNode';
import { resourceModule, runResourceOperations, withBinary } from '../../../nodes/shared/resourceModule';

const position = (fields: IDataObject = {}) => ({ name: 'Spende', description: '', price: 50, amount: 1, vat: 0, unit_id: 7, catalog_type: 'S', discount_rate: 0, discount_type: 'P', ...fields });

const createInput = (fields: Partial<Parameters<typeof createInvoiceBody>[0]> = {}) => ({
	contactId: 525765968,
	addressId: 889044143,
	date: '',
	due: '',
	paymentTermDays: 30,
	currency: 'chf',
	language: 'de',
	positions: { position: [position()] },
	additionalFields: {},
	today: '2025-01-31',
	...fields,
});

describe('positionsBody', () => {
	it('maps the positions fixedCollection to type N positions; a discount only when there is one', () => {
		expect(positionsBody({ position: [position({ description: ' Jan ', unit_id: '7' }), position({ name: 'Beratung', price: '120.5', amount: 2.5, vat: 8.1, catalog_type: 'P', discount_rate: 10, discount_type: 'A' })] })).toEqual([
			{ type: 'N', catalog_type: 'S', name: 'Spende', description: 'Jan', price: 50, amount: 1, vat: 0, unit_id: 7 },
			{ type: 'N', catalog_type: 'P', name: 'Beratung', price: 120.5, amount: 2.5, vat: 8.1, unit_id: 7, discount_rate: 10, discount_type: 'A' },
		]);
		expect(positionsBody({})).toEqual([]);
		expect(positionsBody(undefined)).toEqual([]);
	});

	it('names the position and field of an invalid value', () => {
		expect(() => positionsBody({ position: [position(), position({ name: ' ' })] })).toThrow('Position 2: Name is required');
		expect(() => positionsBody({ position: [position({ unit_id: '' })] })).toThrow('Position 1: Unit is required');
		expect(() => positionsBody({ position: [position({ unit_id: 'pieces' })] })).toThrow('Position 1: Unit must be a SmartBusiness ID');
		expect(() => positionsBody({ position: [position({ price: 'ten' })] })).toThrow('Position 1: Price must be a number, not "ten"');
	});
});

describe('createInvoiceBody', () => {
	it('dates: today when empty, due = date + payment term when empty, otherwise as given (YYYY-MM-DD)', () => {
		expect(createInvoiceBody(createInput())).toEqual({
			contact_id: 525765968,
			contact_address_id: 889044143,
			date: '2025-01-31',
			due: '2025-03-02',
			currency: 'CHF',
			language: 'de',
			positions: [{ type: 'N', catalog_type: 'S', name: 'Spende', price: 50, amount: 1, vat: 0, unit_id: 7 }],
		});
		const dated = createInvoiceBody(createInput({ date: '2024-12-20T00:00:00', paymentTermDays: 10, due: '' }));
		expect([dated.date, dated.due]).toEqual(['2024-12-20', '2024-12-30']);
		const due = createInvoiceBody(createInput({ date: '2024-12-20T00:00:00', due: '2025-01-15T10:00:00.000+01:00' }));
		expect(due.due).toEqual('2025-01-15');
	});

	it('additional fields: IDs as numbers, dates as YYYY-MM-DD, texts as the default text, empty values left out', () => {
		const body = createInvoiceBody(
			createInput({
				addressId: undefined,
				additionalFields: {
					number: ' R-1 ',
					notes: '',
					vat_included: true,
					isr_id: 380627389,
					isr_position: 'F',
					bank_account_id: '12',
					period_from: '2025-01-01T00:00:00',
					period_to: '2025-01-31T00:00:00',
					contact_person_id: '556068567',
					cash_discount_rate: 2,
					cash_discount_date: '2025-02-10T00:00:00',
					payment_link_paypal: false,
					title: 'Rechnung Nr. {INVOICENO}',
					conditions: 'Zahlbar in 30 Tagen',
					introduction: '',
				},
			}),
		);
		expect(body).toEqual({
			number: 'R-1',
			vat_included: true,
			isr_id: 380627389,
			isr_position: 'F',
			bank_account_id: 12,
			period_from: '2025-01-01',
			period_to: '2025-01-31',
			contact_person_id: 556068567,
			cash_discount_rate: 2,
			cash_discount_date: '2025-02-10',
			payment_link_paypal: false,
			contact_id: 525765968,
			date: '2025-01-31',
			due: '2025-03-02',
			currency: 'CHF',
			language: 'de',
			positions: [{ type: 'N', catalog_type: 'S', name: 'Spende', price: 50, amount: 1, vat: 0, unit_id: 7 }],
			texts: [{ status: 'D', title: 'Rechnung Nr. {INVOICENO}', conditions: 'Zahlbar in 30 Tagen' }],
		});
		expect(body).not.toHaveProperty('contact_address_id');
		// The cash discount is a whole percentage (swagger: integer).
		expect(() => invoiceFieldsBody({ cash_discount_rate: 2.5 })).toThrow('Cash Discount (%) must be a whole number, not "2.5"');
		expect(invoiceFieldsBody({ cash_discount_rate: '3' }).body).toEqual({ cash_discount_rate: 3 });
	});

	it('says which field is wrong', () => {
		expect(() => createInvoiceBody(createInput({ positions: {} }))).toThrow('Positions: add at least one position');
		expect(() => createInvoiceBody(createInput({ currency: ' ' }))).toThrow('Currency is required');
		expect(() => createInvoiceBody(createInput({ date: 'tomorrow' }))).toThrow('Date: "tomorrow" is not a date');
		expect(() => createInvoiceBody(createInput({ date: '2025-02-01', due: '2025-01-01' }))).toThrow('Due Date 2025-01-01 is before the invoice date 2025-02-01');
		expect(() => createInvoiceBody(createInput({ paymentTermDays: 1.5 }))).toThrow('Payment Term (Days) must be a whole number');
		expect(() => createInvoiceBody(createInput({ additionalFields: { isr_id: 'QR' } }))).toThrow('Payment Slip must be a SmartBusiness ID');
		expect(() => createInvoiceBody(createInput({ additionalFields: { period_from: '1.1.2025' } }))).toThrow('Service Period From: "1.1.2025" is not a date');
	});
});

describe('update fields', () => {
	it('splits the text changes from the invoice fields', () => {
		expect(invoiceFieldsBody({ due: '2025-03-31T00:00:00', currency: ' eur', contact_address_id: '99', title: 'Neu', notes: '' })).toEqual({
			body: { due: '2025-03-31', currency: 'EUR', contact_address_id: 99 },
			text: { title: 'Neu' },
		});
	});

	it('mergeDefaultText changes the default text only, and adds one when there is none', () => {
		const texts = [
			{ status: 'D', title: 'Rechnung', introduction: 'Hallo', conditions: '' },
			{ status: 'R1', title: 'Erinnerung', introduction: '', conditions: '' },
		];
		expect(mergeDefaultText(texts, { title: 'Quittung' })).toEqual([{ ...texts[0], title: 'Quittung' }, texts[1]]);
		expect(mergeDefaultText(undefined, { conditions: '30 Tage' })).toEqual([{ status: 'D', conditions: '30 Tage' }]);
	});
});

describe('invoiceListFilter (Get Many)', () => {
	const invoices = [
		{ id: 1, contact_id: 10, status: 'S', currency: 'CHF', date: '2025-01-05' },
		{ id: 2, contact_id: 11, status: 'S', currency: 'CHF', date: '2025-01-20' },
		{ id: 3, contact_id: 10, status: 'P', currency: 'EUR', date: '2025-02-01' },
		{ id: 4, contact_id: 10, status: 'S', currency: 'chf', date: '2024-12-31' },
	];
	const ids = (filters: IDataObject) => invoices.filter(invoiceListFilter(filters).matches).map((invoice) => invoice.id);

	it('sends status, contact and currency as the equality filter and search as q', () => {
		const filter = invoiceListFilter({ status: 'S', contact_id: ' 10 ', currency: 'chf', q: ' Garage ', dateFrom: '2025-01-01T00:00:00' });
		expect(filter.equals).toEqual({ status: 'S', contact_id: 10, currency: 'CHF' });
		expect(listQuery({ equals: filter.equals, q: filter.q, sort: '-number', with: ['positions'] })).toEqual({
			filter: JSON.stringify({ and: [{ status: 'S' }, { contact_id: 10 }, { currency: 'CHF' }] }),
			q: 'Garage',
			sort: '-number',
			with: 'positions',
		});
		expect(filter.filtered).toBe(true);
		expect(invoiceListFilter({ q: 'x' }).filtered).toBe(false);
		expect(invoiceListFilter({}).equals).toEqual({});
	});

	it('checks every filter on each invoice, whatever SmartBusiness returned; the date range is inclusive', () => {
		expect(ids({ contact_id: '10' })).toEqual([1, 3, 4]);
		expect(ids({ contact_id: '10', status: 'S' })).toEqual([1, 4]);
		expect(ids({ currency: 'CHF' })).toEqual([1, 2, 4]);
		expect(ids({ dateFrom: '2025-01-05T00:00:00', dateTo: '2025-01-20T00:00:00' })).toEqual([1, 2]);
		expect(ids({ dateTo: '2024-12-31' })).toEqual([4]);
		expect(ids({})).toEqual([1, 2, 3, 4]);
	});

	it('says which filter is wrong', () => {
		expect(() => invoiceListFilter({ contact_id: 'Garage' })).toThrow('Contact ID must be a SmartBusiness ID');
		expect(() => invoiceListFilter({ dateFrom: '2025-02-01', dateTo: '2025-01-01' })).toThrow('Date From 2025-02-01 is after Date To 2025-01-01');
	});
});

describe('payments', () => {
	it('openAmount: total less paid, to the cent', () => {
		expect(openAmount({ total: 1079.27, total_paid: 0 })).toBe(1079.27);
		expect(openAmount({ total: 100.1, total_paid: 33.37 })).toBe(66.73);
		expect(openAmount({ total: 0.3, total_paid: 0.1 + 0.2 })).toBe(0);
		expect(openAmount({ total: 50 })).toBe(50);
		expect(openAmount({ total: 50, total_paid: 60 })).toBe(-10);
		expect(() => openAmount({ id: 7, total: null })).toThrow('Invoice 7 has no total');
	});

	it('paymentBody: today when no date; channel and notes only when set', () => {
		expect(paymentBody({ type: 'N', amount: 66.734, date: '', today: '2025-01-31' })).toEqual({ type: 'N', amount: 66.73, date: '2025-01-31' });
		expect(paymentBody({ type: 'W', amount: 5, date: '2025-01-02T00:00:00', channel: 'PF', notes: ' Digistore24 order 123 ', today: '2025-01-31' })).toEqual({
			type: 'W',
			amount: 5,
			date: '2025-01-02',
			channel: 'PF',
			notes: 'Digistore24 order 123',
		});
		expect(() => paymentBody({ type: 'N', amount: 0, date: '', today: '2025-01-31' })).toThrow('Amount must be more than 0');
	});
});

describe('recipients', () => {
	it('parses addresses and named addresses; the address is the name when none is given', () => {
		expect(parseRecipients(' jane@example.ch, "Max Muster" <max@example.ch>; Anna Frei <anna@frei.ch>\n')).toEqual([
			{ email: 'jane@example.ch', name: 'jane@example.ch' },
			{ email: 'max@example.ch', name: 'Max Muster' },
			{ email: 'anna@frei.ch', name: 'Anna Frei' },
		]);
		expect(parseRecipients('  ')).toEqual([]);
		expect(() => parseRecipients('jane@example.ch, Max')).toThrow('Recipients: "Max" is not an e-mail address');
	});

	it("contactRecipient: the contact's e-mail and name, or none", () => {
		expect(contactRecipient({ name: 'Autogarage Frei', email: 'test@autogarage-frei.com' })).toEqual({ email: 'test@autogarage-frei.com', name: 'Autogarage Frei' });
		expect(contactRecipient({ name: 'No Mail', email: null })).toBeUndefined();
	});
});

describe('PDF', () => {
	it('pdfQuery: options as JSON with the options that are on; none when all are off', () => {
		expect(pdfQuery({})).toEqual({});
		expect(pdfQuery({ receipt: false })).toEqual({});
		expect(pdfQuery({ receipt: true, isr_display_image: true, isr_ignore_custom_position: false, other: true })).toEqual({ options: '{"receipt":true,"isr_display_image":true}' });
	});

	it('pdfFileName: the number, else the ID, safe as a file name', () => {
		expect(pdfFileName({ number: '10002' }, 791715037)).toBe('invoice-10002.pdf');
		expect(pdfFileName({ number: 'BLSB/DIS 0023' }, 1)).toBe('invoice-BLSB-DIS-0023.pdf');
		expect(pdfFileName({ number: null }, 791715037)).toBe('invoice-791715037.pdf');
	});

	it("responseBytes: n8n's full response with an ArrayBuffer or Buffer body, or the body alone", () => {
		const pdf = Buffer.from('%PDF-1.4 test');
		const arrayBuffer = pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength);
		expect(responseBytes({ body: pdf, headers: {}, statusCode: 200 })).toEqual(pdf);
		expect(responseBytes({ body: arrayBuffer, headers: {}, statusCode: 200 })).toEqual(pdf);
		expect(responseBytes({ body: new Uint8Array(pdf), statusCode: 200 })).toEqual(pdf);
		expect(responseBytes(pdf)).toEqual(pdf);
		expect(() => responseBytes({ body: undefined })).toThrow('SmartBusiness sent no PDF');
	});
});

describe('request dates', () => {
	it('addDays, apiDateTime, swissToday', () => {
		expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
		expect(addDays('2024-12-31', 0)).toBe('2024-12-31');
		expect(apiDateTime('2025-01-31T14:05:09.000+01:00')).toBe('2025-01-31 14:05:09');
		expect(apiDateTime('2025-01-31T14:05')).toBe('2025-01-31 14:05:00');
		expect(apiDateTime('2025-01-31')).toBe('2025-01-31 00:00:00');
		expect(apiDateTime('')).toBeUndefined();
		expect(swissToday(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01');
	});
});

describe('runResourceOperations with binary output (withBinary)', () => {
	const context = (items: number, parameters: IDataObject) =>
		({
			getInputData: () => Array.from({ length: items }, () => ({ json: {} })),
			getNodeParameter: (name: string) => parameters[name],
			getNode: () => ({ name: 'Node', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} }),
			continueOnFail: () => false,
		}) as unknown as IExecuteFunctions;
	const resource = resourceModule({ name: 'File', value: 'file' }, [
		{
			option: { name: 'Download', value: 'download', action: 'Download a file' },
			properties: [],
			handler: async (itemIndex) => withBinary({ id: itemIndex }, { data: { data: 'JVBERg==', mimeType: 'application/pdf', fileName: `f${itemIndex}.pdf` } }),
		},
		{ option: { name: 'List', value: 'list', action: 'List files' }, properties: [], handler: async (itemIndex) => [{ id: itemIndex }, { id: itemIndex + 10 }] },
	]);

	it('emits json and binary for withBinary(), json alone otherwise, each paired with its item', async () => {
		expect(await runResourceOperations.call(context(2, { resource: 'file', operation: 'download' }), [resource])).toEqual([
			[
				{ json: { id: 0 }, binary: { data: { data: 'JVBERg==', mimeType: 'application/pdf', fileName: 'f0.pdf' } }, pairedItem: { item: 0 } },
				{ json: { id: 1 }, binary: { data: { data: 'JVBERg==', mimeType: 'application/pdf', fileName: 'f1.pdf' } }, pairedItem: { item: 1 } },
			],
		]);
		expect(await runResourceOperations.call(context(1, { resource: 'file', operation: 'list' }), [resource])).toEqual([
			[
				{ json: { id: 0 }, pairedItem: { item: 0 } },
				{ json: { id: 10 }, pairedItem: { item: 0 } },
			],
		]);
	});
});

describe('SmartBusiness node description: invoice', () => {
	const properties = new SmartBusiness().description.properties;

	it('offers the invoice operations', () => {
		const selector = properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('invoice'));
		expect((selector?.options as Array<{ value: string }>).map((option) => option.value).sort()).toEqual(
			['changeStatus', 'create', 'createFromEvent', 'delete', 'downloadPdf', 'get', 'getAll', 'getPayments', 'recordPayment', 'sendByEmail', 'sendByPost', 'update'].sort(),
		);
	});

	it('every invoice field is shown for one operation', () => {
		const fields = properties.filter((property: INodeProperties) => property.name !== 'operation' && property.displayOptions?.show?.resource?.includes('invoice'));
		expect(fields.length).toBeGreaterThan(20);
		for (const field of fields) expect(field.displayOptions?.show?.operation).toHaveLength(1);
	});
});

describe('invoice operations against a stubbed API', () => {
	const pdf = Buffer.from('%PDF-1.4 invoice');
	/** A node context whose HTTP calls go to `answer`; parameters not given fall back to the handler's fallback. */
	const run = runStubbed;

	it('Download PDF: the invoice as JSON, the PDF as binary data named by its number', async () => {
		const { output, requests } = await run({ resource: 'invoice', operation: 'downloadPdf', invoiceId: '791715037', options: { receipt: true } }, (request) =>
			String(request.url).endsWith('/pdf') ? { body: pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength), headers: {}, statusCode: 200 } : { item: { id: 791715037, number: '10002' } },
		);
		expect(requests).toEqual([
			{ method: 'GET', url: '/receivables/invoices/791715037', qs: undefined, body: undefined },
			{ method: 'GET', url: '/receivables/invoices/791715037/pdf', qs: { options: '{"receipt":true}' }, body: undefined },
		]);
		expect(output).toEqual([
			{ json: { id: 791715037, number: '10002' }, binary: { data: { data: pdf.toString('base64'), fileName: 'invoice-10002.pdf', mimeType: 'application/pdf' } }, pairedItem: { item: 0 } },
		]);
	});

	it("Create: addressed to the contact's main address when no Address ID is given", async () => {
		const { output, requests } = await run(
			{
				resource: 'invoice',
				operation: 'create',
				contactId: { __rl: true, mode: 'id', value: '525765968' },
				date: '2025-01-31T00:00:00',
				positions: { position: [position()] },
			},
			(request) => (request.method === 'GET' ? { item: { id: 525765968, main_address_id: 889044143 } } : { item: { id: 1, status: 'DR' } }),
		);
		expect(requests[0]).toEqual({ method: 'GET', url: '/contacts/525765968', qs: undefined, body: undefined });
		expect(requests[1]).toMatchObject({ method: 'POST', url: '/receivables/invoices', body: { contact_id: 525765968, contact_address_id: 889044143, date: '2025-01-31', due: '2025-03-02', currency: 'CHF', language: 'de' } });
		expect(output).toEqual([{ json: { id: 1, status: 'DR' }, pairedItem: { item: 0 } }]);
	});

	it('Record Payment: pays the open amount and names the invoice', async () => {
		const { output, requests } = await run({ resource: 'invoice', operation: 'recordPayment', invoiceId: '7', date: '2025-01-31' }, (request) =>
			request.method === 'GET' ? { item: { id: 7, number: '10002', total: 100.1, total_paid: 33.37 } } : { item: { id: 99, amount: 66.73 } },
		);
		expect(requests[1]).toEqual({ method: 'POST', url: '/receivables/invoices/7/payments', qs: undefined, body: { type: 'N', amount: 66.73, date: '2025-01-31' } });
		expect(output).toEqual([{ json: { id: 99, amount: 66.73, invoice_id: 7 }, pairedItem: { item: 0 } }]);
		await expect(run({ resource: 'invoice', operation: 'recordPayment', invoiceId: '7' }, () => ({ item: { id: 7, number: '10002', total: 50, total_paid: 50 } }))).rejects.toThrow(
			'Invoice 10002 has nothing open to pay (total 50, paid 50)',
		);
	});

	it("Send by E-Mail: to the contact's e-mail when Recipients is empty; an error when it has none", async () => {
		const contact = (email: string | null) => (request: IHttpRequestOptions) =>
			String(request.url).endsWith('/7') ? { item: { id: 7, contact_id: 10 } } : String(request.url).endsWith('/contacts/10') ? { item: { id: 10, name: 'Autogarage Frei', email } } : undefined;
		const parameters = { resource: 'invoice', operation: 'sendByEmail', invoiceId: '7', subject: 'Rechnung', body: 'Anbei', options: { from: 'U' } };
		const { output, requests } = await run(parameters, contact('info@frei.ch'));
		const recipients = [{ email: 'info@frei.ch', name: 'Autogarage Frei' }];
		expect(requests[2]).toEqual({ method: 'PATCH', url: '/receivables/invoices/7/send-by-email', qs: undefined, body: { subject: 'Rechnung', body: 'Anbei', recipients, from: 'U' } });
		expect(output).toEqual([{ json: { id: 7, sent: true, recipients }, pairedItem: { item: 0 } }]);
		await expect(run(parameters, contact(null))).rejects.toThrow("Recipients is empty and the invoice's contact Autogarage Frei (ID 10) has no email address");
	});

	it('Get Many: filters checked on every invoice, read on until the limit is met', async () => {
		const page = (offset: number) => ({
			items: Array.from({ length: 200 }, (_, index) => ({ id: offset + index, contact_id: (offset + index) % 2 === 0 ? 10 : 11, date: '2025-01-01' })),
			pagination: offset === 0 ? { next: 'https://example/next' } : {},
		});
		const { output, requests } = await run(
			{ resource: 'invoice', operation: 'getAll', returnAll: false, limit: 150, filters: { contact_id: '10' }, invoiceInclude: [] },
			(request) => page(Number((request.qs as IDataObject).offset)),
		);
		expect(requests.map((request) => request.qs)).toEqual([
			{ filter: '{"contact_id":10}', sort: '-number', limit: 200, offset: 0 },
			{ filter: '{"contact_id":10}', sort: '-number', limit: 200, offset: 200 },
		]);
		expect(output).toHaveLength(150);
		expect(output.every((item) => item.json.contact_id === 10)).toBe(true);
	});
});
