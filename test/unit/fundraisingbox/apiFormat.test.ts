import {
	customFieldsBody,
	fundraisingBoxDate,
	fundraisingBoxDateFilter,
	fundraisingBoxDateTime,
	finerDateBounds,
	listQuery,
	parseId,
	requestBody,
} from '../../../nodes/FundraisingBox/apiFormat';

describe('FundraisingBox dates', () => {
	it('keeps wall-clock values without offset (n8n’s date picker) as they are', () => {
		expect(fundraisingBoxDateTime('2024-05-01T10:15:30')).toBe('2024-05-01 10:15:30');
		expect(fundraisingBoxDateTime('2024-05-01T10:15:30.123')).toBe('2024-05-01 10:15:30');
		expect(fundraisingBoxDateTime('2024-05-01 10:15')).toBe('2024-05-01 10:15:00');
		expect(fundraisingBoxDateTime('2024-05-01')).toBe('2024-05-01 00:00:00');
	});

	it('converts values with an offset to German time, summer and winter', () => {
		expect(fundraisingBoxDateTime('2024-07-01T08:00:00Z')).toBe('2024-07-01 10:00:00');
		expect(fundraisingBoxDateTime('2024-01-01T08:00:00+00:00')).toBe('2024-01-01 09:00:00');
		expect(fundraisingBoxDateTime(new Date('2024-12-31T23:30:00Z'))).toBe('2025-01-01 00:30:00');
		expect(fundraisingBoxDateTime({ toISO: () => '2024-07-01T08:00:00.000+02:00' })).toBe('2024-07-01 08:00:00');
	});

	it('rejects what is not a date', () => {
		expect(fundraisingBoxDateTime('tomorrow')).toBeUndefined();
		expect(fundraisingBoxDateTime(42)).toBeUndefined();
		expect(fundraisingBoxDateTime(new Date('nope'))).toBeUndefined();
	});

	it('dates and date filters: a filter FundraisingBox types `date` goes out as the day only', () => {
		expect(fundraisingBoxDate('2024-05-01T23:59:00')).toBe('2024-05-01');
		expect(fundraisingBoxDateFilter('2024-05-01T00:00:00')).toBe('2024-05-01');
		expect(fundraisingBoxDateFilter('2024-05-01T06:30:00')).toBe('2024-05-01');
		expect(fundraisingBoxDateFilter('2024-05-01T22:30:00Z')).toBe('2024-05-02');
		expect(fundraisingBoxDateFilter('soon')).toBeUndefined();
	});
});

describe('finerDateBounds (the time of day of a date filter, applied to the results)', () => {
	const fields = { updated_min: 'updated_at', updated_max: 'updated_at', date_max: 'created_at' };
	const at = (updated_at: string | null, created_at = '2024-05-01 12:00:00') => ({ updated_at, created_at });

	it('is not needed for whole days', () => {
		expect(finerDateBounds({}, fields)).toBeUndefined();
		expect(finerDateBounds({ updated_min: '2024-05-01', updated_max: '2024-05-02T00:00:00', is_test: 'no' }, fields)).toBeUndefined();
	});

	it('keeps objects at or after a min and at or before a max, compared in German time', () => {
		const keep = finerDateBounds({ updated_min: '2024-05-01T09:00:01', date_max: '2024-05-01T12:00:00Z' }, fields)!;
		expect(keep(at('2024-05-01 09:00:00'))).toBe(false);
		expect(keep(at('2024-05-01 09:00:01'))).toBe(true);
		expect(keep(at('2024-05-01 10:00:00', '2024-05-01 14:00:00'))).toBe(true);
		expect(keep(at('2024-05-01 10:00:00', '2024-05-01 14:00:01'))).toBe(false);
	});

	it('keeps objects without the field (FundraisingBox matched them by day)', () => {
		const keep = finerDateBounds({ updated_max: '2024-05-01T09:00:00' }, fields)!;
		expect(keep(at(null))).toBe(true);
		expect(keep(at('2024-05-01 09:00:00'))).toBe(true);
		expect(keep(at('2024-05-01 09:00:01'))).toBe(false);
	});
});

describe('parseId', () => {
	it('accepts positive integers only, so nothing else reaches a URL path', () => {
		expect(parseId(' 1706519 ')).toBe('1706519');
		expect(parseId(12)).toBe('12');
		for (const bad of ['0', '-1', '1.5', '../1', '1/2', '', 'abc', null, undefined, 1.5]) expect(parseId(bad)).toBeUndefined();
	});
});

describe('requestBody', () => {
	it('formats dates, ids and custom fields; keeps the rest', () => {
		expect(
			requestBody(
				{
					last_name: 'Muster',
					birthday: '1980-02-03T00:00:00',
					created_at: '2024-05-01T10:00:00',
					fb_project_id: '4921',
					company_id: 17,
					fb_type_id: 'not-an-id',
					wants_mailing: false,
					info: '',
					customFields: { field: [{ id: '10', value: 'red' }, { id: '7', value: 12 }, { id: '', value: 'x' }] },
				},
				{ dates: ['birthday'], dateTimes: ['created_at'] },
			),
		).toEqual({
			last_name: 'Muster',
			birthday: '1980-02-03',
			created_at: '2024-05-01 10:00:00',
			fb_project_id: 4921,
			company_id: 17,
			fb_type_id: 'not-an-id',
			wants_mailing: false,
			info: '',
			fb_custom_fields: [
				{ id: 10, value: 'red' },
				{ id: 7, value: '12' },
			],
		});
	});

	it('leaves out an empty custom field list', () => {
		expect(requestBody({ customFields: {} })).toEqual({});
		expect(customFieldsBody({ field: [{ id: 3 }] })).toEqual([{ id: 3, value: '' }]);
	});
});

describe('listQuery', () => {
	it('drops empty filters, formats dates and ids, joins lists', () => {
		expect(
			listQuery(
				{ updated_min: '2024-05-01T00:00:00', date_max: '2024-05-31T18:00:00', fb_project_id: '4921', transaction_id: '', is_test: 'no', ids: [1, 2], amount_min: 5 },
				{ dateFilters: ['updated_min', 'date_max'] },
			),
		).toEqual({ updated_min: '2024-05-01', date_max: '2024-05-31', fb_project_id: 4921, is_test: 'no', ids: '1,2', amount_min: 5 });
	});

	it('sends datetime filters with the time and boolean filters as 1 or 0', () => {
		expect(
			listQuery(
				{ created_time_min: '2024-05-01T06:30:00', is_system: false, has_attachment: true, sticky: true },
				{ dateTimeFilters: ['created_time_min'], booleanFilters: ['is_system', 'has_attachment'] },
			),
		).toEqual({ created_time_min: '2024-05-01 06:30:00', is_system: 0, has_attachment: 1, sticky: true });
	});
});
