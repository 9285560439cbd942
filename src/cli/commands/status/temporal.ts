import { connectTemporal, temporalClient } from '../../../adapters/temporal/connection';
import type { Config } from '../../../config';
import { count, type StatusRow } from './row';
import { scheduleRow } from './schedule-row';

/** Workflows listed per state at most; the table says "1,000+" beyond. */
const LIST_LIMIT = 1000;

async function countOf(list: AsyncIterable<{ type: string }>): Promise<Map<string, number>> {
  const byType = new Map<string, number>();
  let seen = 0;
  for await (const w of list) {
    byType.set(w.type, (byType.get(w.type) ?? 0) + 1);
    if (++seen >= LIST_LIMIT) break;
  }
  return byType;
}

/** Running workflows by type, failures of the last day, and each schedule's last and next run. */
export async function temporalStatus(c: Config): Promise<StatusRow[]> {
  const connection = await connectTemporal(c);
  try {
    const client = temporalClient(connection, c);
    const since = new Date(Date.now() - 86_400_000).toISOString();
    const running = await countOf(client.workflow.list({ query: 'ExecutionStatus = "Running"' }));
    const failed = await countOf(client.workflow.list({ query: `ExecutionStatus IN ("Failed", "TimedOut") AND CloseTime > "${since}"` }));
    const completed = await countOf(client.workflow.list({ query: `ExecutionStatus = "Completed" AND CloseTime > "${since}"` }));
    const rows: StatusRow[] = [
      { area: 'temporal', name: 'frontend', value: 'up', health: 'ok', detail: `${c.temporalAddress}, namespace ${c.temporalNamespace}` },
    ];
    const types = new Set([...running.keys(), ...failed.keys(), ...completed.keys()]);
    for (const type of [...types].sort()) {
      const f = failed.get(type) ?? 0;
      rows.push({
        area: 'temporal',
        name: type,
        value: `${count(running.get(type) ?? 0)} running`,
        health: f > 0 ? 'warn' : 'ok',
        detail: `last 24 h: ${count(completed.get(type) ?? 0)} completed, ${count(f)} failed or timed out`,
      });
    }
    for await (const listed of client.schedule.list()) {
      const s = await client.schedule.getHandle(listed.scheduleId).describe();
      rows.push(
        scheduleRow(
          {
            scheduleId: s.scheduleId,
            paused: s.state.paused,
            note: s.state.note,
            lastActionAtMs: s.info.recentActions.at(-1)?.takenAt.getTime(),
            nextActionAt: s.info.nextActionTimes[0],
            missedCatchupWindow: s.info.numActionsMissedCatchupWindow,
            skippedOverlap: s.info.numActionsSkippedOverlap,
          },
          Date.now(),
        ),
      );
    }
    return rows;
  } finally {
    await connection.close();
  }
}
