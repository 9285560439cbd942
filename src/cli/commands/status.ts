import type { Command } from 'commander';
import type { Config } from '../../config';
import { commandContext } from '../context';
import { formatTable } from '../table';
import { kafkaStatus } from './status/kafka';
import { lakeStatus, warehouseStatus } from './status/lake';
import { unreachable, within, type StatusRow } from './status/row';
import { systemStatus } from './status/system';
import { temporalStatus } from './status/temporal';

const PROBE_TIMEOUT_MS = 10_000;

/** Every area's rows; an area whose probe fails or hangs is one failed row saying why. */
export async function collectStatus(c: Config): Promise<StatusRow[]> {
  const areas: Array<[string, (c: Config) => Promise<StatusRow[]>]> = [
    ['kafka', kafkaStatus],
    ['lake', lakeStatus],
    ['warehouse', warehouseStatus],
    ['temporal', temporalStatus],
    ['system', () => systemStatus()],
  ];
  const results = await Promise.all(
    areas.map(([area, probe]) => within(PROBE_TIMEOUT_MS, area, probe(c)).catch((err: unknown) => [unreachable(area, err)])),
  );
  return results.flat();
}

/** `streamify status`: the operator's table. */
export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description(
      "the operator's view: Kafka throughput and lag, lake and warehouse freshness, workflows and schedules, CPU, memory, disk; exit code 1 when something fails",
    )
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }) => {
      const { config } = commandContext('status');
      const rows = await collectStatus(config);
      if (opts.json) console.log(JSON.stringify({ healthy: !rows.some((r) => r.health === 'fail'), rows }, null, 2));
      else
        console.log(
          formatTable(
            ['area', 'what', 'value', 'health', 'detail'],
            rows.map((r) => [r.area, r.name, r.value, r.health, r.detail ?? '']),
          ),
        );
      if (rows.some((r) => r.health === 'fail')) process.exitCode = 1;
    });
}
