import assert from 'node:assert/strict';
import { etlRunStatus } from '../../../../src/domain/etl/search-attributes';

describe('etlRunStatus', () => {
  it('says how a run ended, whether or not it was paused', () => {
    assert.equal(etlRunStatus({ step: 'done', paused: false }), 'completed');
    assert.equal(etlRunStatus({ step: 'failed', paused: true }), 'failed');
  });

  it('says paused for a run held between steps, else running', () => {
    assert.equal(etlRunStatus({ step: 'sensor', paused: true }), 'paused');
    assert.equal(etlRunStatus({ step: 'sensor', paused: false }), 'running');
  });
});
