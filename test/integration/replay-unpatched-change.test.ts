import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { HISTORIES_DIR } from '../support/histories';

describe('replaying a recorded history', () => {
  it('catches a workflow changed without a patch', async () => {
    const history = JSON.parse(readFileSync(join(HISTORIES_DIR, 'v1', 'fraudIncident-acknowledged-resolved.json'), 'utf8')) as unknown;
    await assert.rejects(
      Worker.runReplayHistory({ workflowsPath: require.resolve('./fixtures/changed-fraud-incident') }, history),
      DeterminismViolationError,
    );
  });
});
