import assert from 'node:assert/strict';
import { etlDetails } from '../../../src/domain/etl/current-details';
import { incidentDetails } from '../../../src/domain/monitoring/current-details';
import type { IncidentState } from '../../../src/domain/monitoring/incident';
import { gateDetails } from '../../../src/domain/quality/current-details';
import type { DataQualityStatus } from '../../../src/domain/quality/gate';

describe('current details: what a long wait shows in the Web UI', () => {
  it('an ETL in its sensor names the hour and the deadline; a paused one says it waits for resume', () => {
    const deadline = '2026-12-02T05:05:00.000Z';
    assert.equal(
      etlDetails({ hour: '2026-12-02T02', step: 'sensor', paused: false }, deadline),
      `waiting for the lake to close 2026-12-02T02 (the sensor's heartbeat shows the watermark); deadline ${deadline}`,
    );
    assert.equal(
      etlDetails({ hour: '2026-12-02T02', step: 'load', paused: true }, deadline),
      '2026-12-02T02: paused at load (send "resume" to go on)',
    );
    assert.equal(etlDetails({ hour: '2026-12-02T02', step: 'done', paused: true }, deadline), '2026-12-02T02: loaded');
  });

  it('a gate awaiting an override names its failed checks, its quarantine and its deadline', () => {
    const status: DataQualityStatus = {
      dataset: 'transactions',
      hour: '2026-12-02T02',
      phase: 'awaiting-override',
      quarantinedFiles: 2,
      overrideDeadline: '2026-12-03T02:06:00.000Z',
      check: {
        files: 2,
        quarantinedFiles: 0,
        rows: 10,
        summary: { passed: 1, warned: 0, failed: 2, gatePassed: false },
        failedChecks: ['amount_non_negative', 'amount_range'],
        warnedChecks: [],
      },
    };
    assert.equal(
      gateDetails(status),
      'transactions 2026-12-02T02 failed checks amount_non_negative, amount_range; 2 files in quarantine; ' +
        'waiting for an override until 2026-12-03T02:06:00.000Z (send "override" with {"by": "…", "reason": "…"})',
    );
    assert.equal(gateDetails({ ...status, phase: 'passed' }), 'transactions 2026-12-02T02 passed');
  });

  it('an incident waits for an acknowledgement until its deadline, then to be resolved', () => {
    const state: IncidentState = {
      key: 'critical-burst:1',
      kind: 'critical-burst',
      severity: 'HIGH',
      summary: 'a burst',
      status: 'open',
      openedAt: '2026-12-02T02:00:00.000Z',
      escalations: [],
      failedWebhooks: 0,
    };
    assert.match(
      incidentDetails(state, '2026-12-02T02:30:00.000Z'),
      /waiting for an acknowledgement until 2026-12-02T02:30:00.000Z, then it escalates itself/,
    );
    assert.match(
      incidentDetails({ ...state, status: 'escalated' }),
      /^escalated HIGH critical-burst incident since .*: waiting to be resolved/,
    );
  });
});
