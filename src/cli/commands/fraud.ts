import { open, readFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { Alert } from '../../domain/events/schema';
import { parseRuleSet, type RuleSet } from '../../domain/fraud';
import type { PatternScore } from '../../domain/fraud/evaluation';
import { runBacktest, type BacktestProgress, type BacktestReport } from '../../domain/fraud/backtest';
import { ProgressLine } from '../progress';
import { formatTable } from '../table';

interface BacktestFlags {
  input: string;
  output?: string;
  rules?: string;
}

async function rulesFromFile(path: string): Promise<RuleSet> {
  try {
    return parseRuleSet(JSON.parse(await readFile(path, 'utf8')));
  } catch (err) {
    throw new Error(`--rules ${path}: ${(err as Error).message}`);
  }
}

async function writeAlerts(alerts: readonly Alert[], path: string): Promise<void> {
  const lines = Readable.from(alerts.map((a) => `${JSON.stringify(a)}\n`));
  // stdout stays open for the summary that may follow.
  if (path === '-') await pipeline(lines, process.stdout, { end: false });
  else await pipeline(lines, createWriteStream(path));
}

const count = (n: number): string => n.toLocaleString('en-US');
const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;

function describeProgress(p: BacktestProgress): string {
  return p.phase === 'reading' ? `reading: ${count(p.done)} lines` : `detecting: ${count(p.done)} of ${count(p.total ?? 0)} purchases`;
}

function scoreTable(scores: readonly PatternScore[]): string {
  return formatTable(
    ['pattern', 'incidents', 'detected', 'alerts', 'precision', 'recall', 'f1'],
    scores.map((s) => [
      s.pattern,
      count(s.incidents),
      count(s.detected),
      count(s.alerts),
      percent(s.precision),
      percent(s.recall),
      percent(s.f1),
    ]),
  );
}

/** The summary, the invalid lines (on stderr: they are diagnostics) and the scores of labelled input. */
function printReport(report: BacktestReport, print: (text: string) => void): void {
  const alertIds = new Set(report.alerts.map((a) => a.alert_id)).size;
  print(
    `${count(report.lines)} lines: ${count(report.purchases)} purchases, ${count(report.activity)} activity (skipped), ${count(report.invalid)} invalid`,
  );
  print(`${count(report.alerts.length)} alerts with ${count(alertIds)} distinct ids (an alert is re-issued when its severity rises)`);
  if (report.invalid > 0) {
    const samples = report.invalidSamples.map((s) => `  line ${s.line}: ${s.reason}`);
    console.error([`${count(report.invalid)} invalid lines skipped; the first:`, ...samples].join('\n'));
  }
  if (report.scores) print(scoreTable(report.scores));
}

/** `streamify fraud backtest`: the fraud rules replayed over a JSONL file of events. */
export function registerFraudCommands(program: Command): void {
  const fraud = program.command('fraud').description('fraud detection: replay the rules over recorded events');
  fraud
    .command('backtest')
    .description('run the fraud rules over a JSONL file of events in event-time order; with labelled input, score them')
    .requiredOption('--input <file>', 'JSONL events, e.g. from `streamify generate` (activity lines are skipped)')
    .option('--output <file>', 'write the alerts as JSONL to this file, - for stdout (the summary then goes to stderr)')
    .option('--rules <file>', 'a rule set as JSON (see `streamify rules show`); default: the built-in defaults')
    .action(async (flags: BacktestFlags) => {
      const rules = flags.rules === undefined ? undefined : await rulesFromFile(flags.rules);
      const input = await open(flags.input).catch((err: NodeJS.ErrnoException) => {
        throw new Error(`--input ${flags.input}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
      });
      const progress = new ProgressLine();
      const report = await runBacktest(input.readLines(), { rules, onProgress: (p) => progress.update(describeProgress(p)) }).finally(() =>
        input.close(),
      );
      progress.done();
      if (flags.output !== undefined) await writeAlerts(report.alerts, flags.output);
      printReport(report, flags.output === '-' ? console.error : console.log);
    });
}
