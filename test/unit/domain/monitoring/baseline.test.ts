import assert from 'node:assert/strict';
import {
  BASELINE_MS,
  BaselineAccumulator,
  MONITORING_WINDOW_MS,
  compareWithBaseline,
  summariseWindow,
} from '../../../../src/domain/monitoring';
import { alertAt } from './alerts';

const WINDOW_START = Date.parse('2026-11-25T12:00:00Z');
const BASELINE_START = WINDOW_START - BASELINE_MS;
const SPIKE = { sigmas: 3, minAlerts: 5 };

/** A baseline with `perWindow` alerts in each of its 96 windows. */
function steadyBaseline(perWindow: number): BaselineAccumulator {
  const baseline = new BaselineAccumulator(BASELINE_START);
  for (let w = 0; w < 96; w++) {
    for (let i = 0; i < perWindow; i++) baseline.add(alertAt(BASELINE_START + w * MONITORING_WINDOW_MS + i * 1000));
  }
  return baseline;
}

describe('the 24-hour baseline', () => {
  it('counts empty windows, so the mean is per 15 minutes of the whole day', () => {
    const baseline = new BaselineAccumulator(BASELINE_START);
    for (let i = 0; i < 96; i++) baseline.add(alertAt(BASELINE_START + 1000));
    const b = baseline.result(true);
    assert.deepEqual([b.alerts, b.meanPerWindow], [96, 1]);
    assert.ok(b.sdPerWindow > 9, `sd ${b.sdPerWindow}`);
  });

  it('ignores alerts outside the 24 hours', () => {
    const baseline = new BaselineAccumulator(BASELINE_START);
    baseline.add(alertAt(BASELINE_START - 1));
    baseline.add(alertAt(WINDOW_START));
    assert.equal(baseline.result(true).alerts, 0);
  });

  it('finds a spike above mean + k·sd, and not below it', () => {
    const b = steadyBaseline(2).result(true);
    const spike = compareWithBaseline(summariseWindow(Array.from({ length: 6 }, () => alertAt(WINDOW_START))), b, SPIKE);
    assert.deepEqual([spike.spike, spike.spikeThreshold], [true, 5]);
    const calm = compareWithBaseline(summariseWindow(Array.from({ length: 5 }, () => alertAt(WINDOW_START))), b, SPIKE);
    assert.equal(calm.spike, false);
  });

  it('names rule combinations the baseline never saw', () => {
    const b = steadyBaseline(1).result(true);
    const window = summariseWindow([alertAt(WINDOW_START), alertAt(WINDOW_START, { rules: ['device_anomaly', 'impossible_travel'] })]);
    assert.deepEqual(compareWithBaseline(window, b, SPIKE).newPatterns, ['device_anomaly+impossible_travel']);
  });

  it('claims neither spike nor new pattern from an incomplete baseline', () => {
    const b = new BaselineAccumulator(BASELINE_START).result(false);
    const window = summariseWindow(Array.from({ length: 50 }, () => alertAt(WINDOW_START, { rules: ['velocity'] })));
    assert.deepEqual(compareWithBaseline(window, b, SPIKE), { compared: false, spikeThreshold: 5, spike: false, newPatterns: [] });
  });
});
