/**
 * Proof at scale: this pack in n8n 2.40.7 running in queue mode, the way larger installations run
 * it (tools/n8n/queueMode.ts): PostgreSQL and Redis from Debian's packages (installed with
 * apt-get when missing), one main process, one worker and one webhook processor on loopback.
 * 1,000 correctly signed Digistore24 IPNs and 1,000 FundraisingBox webhooks (10 KB XML, HTTP
 * Basic), every one distinct, are sent to the webhook processor at the same time, interleaved.
 *
 * Passes only if every request was acknowledged (2xx, OK for Digistore24), none 5xx or
 * unanswered, and PostgreSQL then holds exactly one successful execution per request: every event
 * id once, none missing, none twice (test/e2e/helpers/queueProof.ts). Prints a table; writes JSON
 * to bench/results/. The e2e suite runs the same proof with fewer requests.
 *
 *   npm run proof:queue         # QUEUE_IPNS=1000 QUEUE_FB_WEBHOOKS=1000 QUEUE_CONCURRENCY=16
 */
import { prepareRuntime } from '../tools/n8n/provision';
import { runQueueProof } from '../test/e2e/helpers/queueProof';
import { markdownTable, nameAndFigures, writeResults } from './lib/report';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
	prepareRuntime();
	const options = {
		ipns: Number(process.env.QUEUE_IPNS ?? 1_000),
		fundraisingBoxWebhooks: Number(process.env.QUEUE_FB_WEBHOOKS ?? 1_000),
		concurrency: Number(process.env.QUEUE_CONCURRENCY ?? 16),
	};
	const result = await runQueueProof({ ...options, log: say });
	const sent = Object.values(result.reports).reduce((sum, report) => sum + report.sent, 0);

	const reports = Object.entries(result.reports);
	const table = markdownTable(
		nameAndFigures('Trigger', ['Sent', 'Acknowledged', '5xx', 'Unanswered', 'Executions', 'Succeeded', 'Missing', 'Duplicated']),
		reports.map(([trigger, r]) => [trigger, ...[r.sent, r.acknowledged, r.status5xx, r.unanswered, r.executions, r.succeeded, r.missing, r.duplicated].map(String)]),
	);
	say('');
	for (const line of table) say(line);
	for (const [trigger, r] of reports) if (Object.keys(r.otherAnswers).length > 0) say(`${trigger}, other answers: ${JSON.stringify(r.otherAnswers)}`);
	say(
		`\n${sent} requests, ${options.concurrency} at a time, answered in ${result.sendSeconds.toFixed(1)} s ` +
			`(${(sent / result.sendSeconds).toFixed(1)} requests/s at the webhook processor); the worker finished ` +
			`the last execution ${result.drainSeconds.toFixed(1)} s after the last answer.`,
	);
	say(result.problems.length === 0 ? 'PASS: every webhook acknowledged and executed exactly once, no 5xx' : `FAIL:\n  ${result.problems.join('\n  ')}`);

	const file = writeResults('queue-mode', { ...options, ...result });
	say(`results: ${file}`);
	process.exitCode = result.problems.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
