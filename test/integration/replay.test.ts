import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import * as workflows from '../../src/workflows';
import { HISTORIES_DIR } from '../support/histories';

type History = temporal.api.history.v1.IHistory;

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
const workflowTypeOf = (history: History): string | undefined =>
  history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? undefined;

describe('recorded workflow histories replay on the current workflow code', function () {
  this.timeout(120_000);

  it('holds at least one recorded history of every workflow type', () => {
    const recorded = new Set(files.map((f) => workflowTypeOf(JSON.parse(readFileSync(join(HISTORIES_DIR, f), 'utf8')) as History)));
    const types = Object.entries(workflows)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name);
    assert.deepEqual(
      types.filter((t) => !recorded.has(t)),
      [],
      'record them with `npm run histories:record`',
    );
  });

  it('replays every recorded history without nondeterminism', async () => {
    const histories = files.map((f) => ({
      workflowId: f.replace(/\.json$/, ''),
      history: JSON.parse(readFileSync(join(HISTORIES_DIR, f), 'utf8')) as History,
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath: require.resolve('../../src/workflows') }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    assert.deepEqual(failures, []);
    assert.ok(histories.length > 0);
  });
});
