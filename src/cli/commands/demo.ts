import type { Command } from 'commander';
import { runDemo, type DemoSummary } from '../../demo/demo';
import { commandContext } from '../context';
import { numberIn } from '../generator-options';
import { interruptSignal } from '../interrupt';
import { ProgressLine } from '../progress';
import { formatTable } from '../table';

function printSummary(s: DemoSummary): void {
  console.log(`\nDemo hour ${s.hour}: ${s.produced.toLocaleString('en-US')} events produced`);
  console.log(
    `alerts: ${
      Object.entries(s.alerts)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    }`,
  );
  console.log(
    formatTable(
      ['workflow', 'result', 'Web UI'],
      s.workflows.map((w) => [w.id, w.status, w.url]),
    ),
  );
  console.log(`lake:      ${s.lake}\nwarehouse: ${s.warehouse}\ndashboard: ${s.dashboard}`);
}

/** The stack outlives the demo, so the next command (or demo) starts in seconds; this says so and how to stop it. */
const STACK_KEEPS_RUNNING =
  '\nThe worker, consumers and dashboard have stopped. The stack (Kafka, Temporal dev server, moto) keeps running: `npx streamify stack down` stops it.';

/** `streamify demo`: the whole pipeline on this machine, within minutes. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'run the whole pipeline locally: stack, worker, consumers, an hour of traffic with fraud, its ETL and fraud monitoring, a live dashboard',
    )
    .option('--rate <n>', 'events per second of simulated event time', numberIn(1, 100_000), 200)
    .option(
      '--minutes <n>',
      'minutes of traffic, the last ones of the hour (fewer: a shorter demo at the same rate)',
      numberIn(1, 60, true),
      60,
    )
    .option('--fraud-rate <p>', 'share of sessions replaced by a fraud incident', numberIn(0, 1), 0.01)
    .option('--dashboard-port <n>', 'port of the live dashboard (0 picks a free one)', numberIn(0, 65535, true), 8080)
    .option('--exit', 'stop everything once the hour is done, instead of running until Ctrl-C')
    .action(async (flags: { rate: number; minutes: number; fraudRate: number; dashboardPort: number; exit?: boolean }) => {
      const { config, log } = commandContext('demo');
      const progress = new ProgressLine();
      const signal = interruptSignal(() => log.info('stopping everything the demo started'));
      const summary = await runDemo({
        config,
        log,
        signal,
        rate: flags.rate,
        minutes: flags.minutes,
        fraudRate: flags.fraudRate,
        dashboardPort: flags.dashboardPort,
        onStatus: (line) => progress.update(line),
        onDoneHold: flags.exit
          ? undefined
          : (s) => {
              progress.done();
              printSummary(s);
              console.log('\nThe worker, consumers and dashboard keep running; Ctrl-C stops them.');
            },
      }).finally(() => console.log(STACK_KEEPS_RUNNING));
      if (flags.exit) {
        progress.done();
        printSummary(summary);
      }
      if (summary.workflows.some((w) => w.status !== 'completed')) process.exitCode = 1;
    });
}
