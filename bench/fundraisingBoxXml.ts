/**
 * Benchmark: reading a 10 KB FundraisingBox merge-webhook XML, in one process, in rotating rounds
 * (machines here are noisy, so only ratios from one run mean anything):
 *   - ours: `parseWebhookBody` (fast-xml-parser, DTD refused, typed values) + `normalizeFundraisingBoxWebhook`
 *     (the canonical event): everything the FundraisingBox Trigger does with a body;
 *   - ours, parse only;
 *   - n8n's own body parsing of the same document: xml2js 0.6.2 with the options of n8n 2.40.7's
 *     body parser (middlewares/body-parser.js), which is what a Webhook node receives; it gives
 *     untyped strings, no custom-field lists and no canonical event.
 * The FundraisingBox Trigger asks n8n to skip that parse (docs/fundraisingbox.md), so inside n8n
 * ours replaces it rather than adding to it.
 *
 *   npm run bench:fundraisingbox-xml          # defaults: 7 rounds × 1 s per contestant
 *   BENCH_ROUNDS=11 BENCH_SECONDS=2 npm run bench:fundraisingbox-xml
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { sanitizeXmlName } from 'n8n-workflow';
import { Parser } from 'xml2js';
import { normalizeFundraisingBoxWebhook } from '../nodes/FundraisingBox/toCanonicalEvent';
import { parseWebhookBody } from '../nodes/FundraisingBox/trigger/payload';
import { markdownTable, nameAndFigures, writeResults } from './lib/report';
import { runRotatingRounds } from './lib/rounds';
import { median, medianRatioPerRound } from './lib/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1);
const REPO_ROOT = join(__dirname, '..');
const DOCUMENT = readFileSync(join(REPO_ROOT, 'test/fixtures/fundraisingbox/merge-webhook-10k.xml'));

// The exact configuration of n8n 2.40.7's webhook body parser.
const n8nXmlParser = new Parser({
	async: true,
	normalize: true,
	normalizeTags: true,
	explicitArray: false,
	tagNameProcessors: [sanitizeXmlName],
	attrNameProcessors: [sanitizeXmlName],
});

interface Contestant {
	key: string;
	label: string;
	run: () => Promise<unknown>;
}

const CONTESTANTS: Contestant[] = [
	{
		key: 'ours',
		label: 'FundraisingBox Trigger: parse + canonical event',
		run: async () => {
			const body = parseWebhookBody(DOCUMENT);
			if (!body.ok) throw new Error(body.reason);
			return normalizeFundraisingBoxWebhook(body.payload, { vendorEvent: 'donation.create', requestId: 'bench', rawBody: body.text });
		},
	},
	{
		key: 'oursParseOnly',
		label: 'FundraisingBox Trigger: parse only',
		run: async () => parseWebhookBody(DOCUMENT),
	},
	{
		key: 'n8nXml2js',
		label: "n8n's body parser (xml2js), parse only",
		run: async () => (await n8nXmlParser.parseStringPromise(DOCUMENT.toString('utf8'))) as unknown,
	},
];

/** Runs `run` back to back for `seconds`; returns operations per second. */
async function measure(run: () => Promise<unknown>, seconds: number): Promise<number> {
	const until = performance.now() + seconds * 1000;
	let operations = 0;
	while (performance.now() < until) {
		for (let i = 0; i < 20; i++) await run();
		operations += 20;
	}
	return operations / seconds;
}

async function main(): Promise<void> {
	// Same result first: both sides must read the document, or the comparison means nothing.
	const ours = (await CONTESTANTS[0].run()) as { amount: string };
	const theirs = (await CONTESTANTS[2].run()) as { fb_transaction: { fb_donation: { amount: { _: string } } } };
	if (ours.amount !== '25.50' || theirs.fb_transaction.fb_donation.amount._ !== '25.50') throw new Error('contestants disagree');
	for (const contestant of CONTESTANTS) await measure(contestant.run, 0.3); // warm-up (JIT)

	const measured = await runRotatingRounds({ contestants: CONTESTANTS, rounds: ROUNDS, measure: async (contestant) => await measure(contestant.run, SECONDS) });
	const rates = Object.fromEntries(measured);

	const rows = CONTESTANTS.map((contestant) => {
		const rate = median(rates[contestant.key]);
		return {
			key: contestant.key,
			label: contestant.label,
			perSecond: Math.round(rate),
			microseconds: Math.round(1e6 / rate),
			ratio: medianRatioPerRound(rates[contestant.key], rates.n8nXml2js),
		};
	});
	const print = (line = '') => process.stdout.write(`${line}\n`);
	print(`\n${DOCUMENT.length}-byte merge webhook, ${ROUNDS} rounds × ${SECONDS} s, medians (ratio = per-round median against n8n's xml2js parse)\n`);
	const table = markdownTable(
		nameAndFigures('contestant', ['documents/s', 'µs per document', '× n8n xml2js']),
		rows.map((row) => [row.label, String(row.perSecond), String(row.microseconds), row.ratio.toFixed(2)]),
	);
	for (const line of table) print(line);
	const file = writeResults('fundraisingbox-xml', { documentBytes: DOCUMENT.length, rounds: ROUNDS, seconds: SECONDS, rows, rates });
	print(`\nraw results: ${file}`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${String(error)}\n`);
	process.exit(1);
});
