import assert from 'node:assert/strict';
import { checkAcknowledgement, checkEscalation, checkResolution, type IncidentState } from '../../../../src/domain/monitoring/incident';

const open: IncidentState = {
  key: 'critical-burst:t',
  kind: 'critical-burst',
  severity: 'HIGH',
  summary: 's',
  status: 'open',
  openedAt: '2026-11-25T12:00:00.000Z',
  escalations: [],
  failedWebhooks: 0,
};
const acknowledged: IncidentState = { ...open, status: 'acknowledged', acknowledged: { by: 'alice', at: '2026-11-25T12:01:00.000Z' } };
const resolved: IncidentState = { ...acknowledged, status: 'resolved', resolved: { by: 'bob', note: 'n', at: '2026-11-25T12:02:00.000Z' } };

describe('people’s actions on an incident, checked', () => {
  it('takes a well-formed action in the right status, trimmed', () => {
    assert.deepEqual(checkAcknowledgement({ by: ' alice ' }, open), { by: 'alice' });
    assert.deepEqual(checkResolution({ by: 'bob', note: ' blocked ' }, acknowledged), { by: 'bob', note: 'blocked' });
    assert.deepEqual(checkEscalation({ by: 'bob', reason: 'spreading' }, acknowledged), { by: 'bob', reason: 'spreading' });
  });

  it('says what is wrong with the input', () => {
    assert.throws(() => checkAcknowledgement('alice', open), /^RangeError: acknowledge takes \{"by": "…"\}, got a string$/);
    assert.throws(() => checkAcknowledgement(null, open), /got null/);
    assert.throws(() => checkAcknowledgement({ by: ' ' }, open), /acknowledge needs a non-empty "by"/);
    assert.throws(() => checkResolution({}, open), /resolve needs a non-empty "by" and "note"/);
    assert.throws(() => checkEscalation({ by: 'bob' }, open), /escalate needs a non-empty "reason"/);
  });

  it('says why the incident’s status refuses it', () => {
    assert.throws(() => checkAcknowledgement({ by: 'carol' }, acknowledged), /already acknowledged \(by alice at 2026-11-25T12:01/);
    assert.throws(() => checkAcknowledgement({ by: 'carol' }, resolved), /is resolved \(by bob .*\): it cannot be acknowledged/);
    assert.throws(() => checkResolution({ by: 'carol', note: 'n' }, resolved), /it cannot be resolved again/);
    assert.throws(() => checkEscalation({ by: 'carol', reason: 'r' }, resolved), /it cannot escalate/);
  });
});
