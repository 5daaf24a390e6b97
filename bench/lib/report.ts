/** What the benchmarks print (markdown tables, ratios, ranges) and keep (JSON in bench/results/). */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Spread } from './stats';

export interface Column {
	title: string;
	/** Numbers align right; text (the default) left. */
	align?: 'left' | 'right';
}

/** The usual benchmark table's columns: a name (text), then figures (numbers). */
export const nameAndFigures = (name: string, figures: readonly string[]): Column[] => [{ title: name }, ...figures.map((title) => ({ title, align: 'right' as const }))];

/** A markdown table: header, alignment row, one line per row of cells. */
export function markdownTable(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string[] {
	const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
	for (const row of rows) if (row.length !== columns.length) throw new Error(`a row of ${row.length} cells in a table of ${columns.length} columns`);
	return [
		line(columns.map((column) => column.title)),
		line(columns.map((column) => (column.align === 'right' ? '---:' : '---'))),
		...rows.map(line),
	];
}

/** `value / baseline` with `digits` decimals. */
export const ratio = (value: number, baseline: number, digits = 2): string => (value / baseline).toFixed(digits);

/** `median (min–max)` with `digits` decimals. */
export const medianRange = ({ median, min, max }: Spread, digits = 0): string => `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;

/** kB (as /proc reports them) in MB with one decimal. */
export const mb = (kb: number): string => (kb / 1024).toFixed(1);

/** Writes `data` as bench/results/<name>-<timestamp>.json (git-ignored) and returns the file's path. */
export function writeResults(name: string, data: unknown): string {
	const dir = join(__dirname, '../results');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
	writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}
