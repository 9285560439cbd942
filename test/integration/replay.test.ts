import assert from 'node:assert/strict';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import * as workflows from '../../src/workflows';
import { recordedHistories } from '../support/histories';

type History = temporal.api.history.v1.IHistory;

const histories = recordedHistories();
const workflowTypeOf = (history: History): string | undefined =>
  history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? undefined;

describe('recorded workflow histories of every released version replay on the current workflow code', function () {
  this.timeout(180_000);

  it('holds at least one recorded history of every workflow type', () => {
    const recorded = new Set(histories.map(({ history }) => workflowTypeOf(history)));
    const types = Object.entries(workflows)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name);
    assert.deepEqual(
      types.filter((t) => !recorded.has(t)),
      [],
      'record them with `npm run histories:record`',
    );
  });

  it('holds histories of at least two versions of hourlyEtl', () => {
    const versions = new Set(histories.filter(({ history }) => workflowTypeOf(history) === 'hourlyEtl').map((h) => h.version));
    assert.ok(versions.size >= 2, `hourlyEtl histories of versions ${[...versions].join(', ')}`);
  });

  it('replays every recorded history without nondeterminism', async () => {
    // The workflow id names the history by version, so a failure says which release's runs a deploy would break.
    const named = histories.map(({ version, name, history }) => ({ workflowId: `${version}/${name}`, history }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath: require.resolve('../../src/workflows') }, named)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    assert.deepEqual(failures, []);
    assert.ok(named.length > 0);
  });
});
