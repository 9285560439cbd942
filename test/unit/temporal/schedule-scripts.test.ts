import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { SCHEDULE_SCRIPTS, goDuration, renderScheduleScript, scheduleFlags } from '../../../src/temporal/schedule-scripts';

describe('the temporal CLI schedule scripts', () => {
  for (const script of SCHEDULE_SCRIPTS) {
    it(`${script.path} is what its definition renders (npm run schedules:scripts), and executable`, () => {
      assert.equal(readFileSync(script.path, 'utf8'), renderScheduleScript(script));
      assert.ok((statSync(script.path).mode & 0o111) !== 0, `${script.path} is not executable`);
    });
  }

  it('writes durations the way the temporal CLI reads them', () => {
    assert.deepEqual(['1 hour', '5 minutes', '1 day', '90 minutes', '30 seconds'].map(goDuration), ['1h', '5m', '24h', '1h30m', '30s']);
  });

  it('renders interval, overlap policy, type, summary and input from the definition', () => {
    const [hourly] = SCHEDULE_SCRIPTS;
    assert.ok(hourly);
    const flags = scheduleFlags(hourly.schedule);
    for (const flag of ['--interval 1h/5m', '--overlap-policy BufferAll', '--type scheduledHourlyEtl', "--input '{}'"])
      assert.ok(flags.includes(flag), flag);
  });
});
