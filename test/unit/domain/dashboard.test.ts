import assert from 'node:assert/strict';
import type { WindowResult } from '../../../src/domain/analytics';
import { DashboardState, WINDOWS_SHOWN } from '../../../src/domain/dashboard';
import type { Alert, Severity } from '../../../src/domain/events/schema';

const window = (minute: number, revenue: number): WindowResult =>
  ({ window_start: new Date(Date.UTC(2026, 10, 25, 12, minute)).toISOString(), revenue }) as WindowResult;
const alert = (id: string, severity: Severity): Alert => ({ alert_id: id, severity }) as Alert;

describe('dashboard state', () => {
  it('keeps the latest windows in time order, a replayed window replacing itself', () => {
    const s = new DashboardState();
    for (let m = WINDOWS_SHOWN + 4; m >= 0; m--) s.addWindow(window(m, m), 0);
    s.addWindow(window(WINDOWS_SHOWN + 4, 999), 0);
    const { windows } = s.view();
    assert.equal(windows.length, WINDOWS_SHOWN);
    assert.equal(windows[0]?.revenue, 5, 'the oldest beyond the limit are gone');
    assert.equal(windows.at(-1)?.revenue, 999);
  });

  it('counts each alert once at its highest severity', () => {
    const s = new DashboardState();
    s.addAlert(alert('a', 'MEDIUM'), 0);
    s.addAlert(alert('a', 'MEDIUM'), 0);
    s.addAlert(alert('a', 'CRITICAL'), 0);
    s.addAlert(alert('a', 'HIGH'), 0);
    s.addAlert(alert('b', 'HIGH'), 0);
    assert.deepEqual(s.view().alertsBySeverity, { LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 1 });
  });
});
