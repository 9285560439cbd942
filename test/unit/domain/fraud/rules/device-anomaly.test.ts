import assert from 'node:assert/strict';
import type { Device } from '../../../../../src/domain/events/schema';
import { DEFAULT_DEVICE_ANOMALY, deviceAnomaly } from '../../../../../src/domain/fraud/rules/device-anomaly';
import { emptyHistory } from '../../../../support/fraud-history';
import { PHONE, purchase } from '../../../../support/purchase';

const LAPTOP: Device = { device_id: 'd-laptop', type: 'desktop', os: 'Windows', ip: '198.51.100.1' };

/** A history of `trusted` trusted purchases on the devices given. */
function historyOf(trusted: number, ...devices: Device[]) {
  const s = emptyHistory();
  for (let i = 0; i < trusted; i++) s.rememberAmount(40);
  for (const d of devices) s.rememberDevice(d);
  return s;
}

const on = (device: Device) => purchase({ device });

describe('rule device_anomaly (after 5 trusted purchases, confidence 0.7)', () => {
  const r = DEFAULT_DEVICE_ANOMALY;

  it('does not fire with 4 trusted purchases, fires with 5 on a new type and OS at score 0.60', () => {
    assert.equal(deviceAnomaly(r, historyOf(4, PHONE), on(LAPTOP)), undefined);
    const hit = deviceAnomaly(r, historyOf(5, PHONE), on(LAPTOP));
    assert.equal(hit?.reason, 'new desktop device on Windows after 5 purchases on 1 known device(s) (confidence 0.9)');
    assert.ok(Math.abs((hit?.score ?? 0) - 0.6) < 1e-9, `score ${hit?.score}`);
  });

  it('fires at confidence 0.7 (score 0.45) when only the type or only the OS is new', () => {
    const newType = deviceAnomaly(r, historyOf(5, PHONE), on({ ...LAPTOP, os: 'iOS' }));
    assert.match(newType?.reason ?? '', /confidence 0\.7\)$/);
    assert.equal(newType?.score, 0.45);
    assert.match(deviceAnomaly(r, historyOf(5, PHONE), on({ ...LAPTOP, type: 'mobile' }))?.reason ?? '', /confidence 0\.7\)$/);
  });

  it('a new shape of a known type and a known OS is confidence 0.5: below the default, fires at minConfidence 0.5', () => {
    const mac: Device = { device_id: 'd-mac', type: 'desktop', os: 'macOS', ip: '' };
    const history = () => historyOf(5, PHONE, mac);
    const iPhoneDesktop = on({ device_id: 'd-odd', type: 'desktop', os: 'iOS', ip: '' });
    assert.equal(deviceAnomaly(r, history(), iPhoneDesktop), undefined);
    assert.match(deviceAnomaly({ ...r, minConfidence: 0.5 }, history(), iPhoneDesktop)?.reason ?? '', /confidence 0\.5\)$/);
  });

  it('does not fire on a known device id, a new device of a known shape, no device, or when disabled', () => {
    assert.equal(deviceAnomaly(r, historyOf(5, LAPTOP), on({ ...LAPTOP, type: 'tablet', os: 'Android' })), undefined);
    assert.equal(deviceAnomaly(r, historyOf(5, PHONE), on({ ...PHONE, device_id: 'd-phone-2' })), undefined);
    assert.equal(deviceAnomaly(r, historyOf(5, PHONE), purchase({ device: null })), undefined);
    assert.equal(deviceAnomaly({ ...r, enabled: false }, historyOf(5, PHONE), on(LAPTOP)), undefined);
  });

  it('still knows the type and OS of a forgotten device (after 32 newer ones)', () => {
    const newer = Array.from({ length: 32 }, (_, i): Device => ({ device_id: `d-${i}`, type: 'tablet', os: 'Android', ip: '' }));
    const s = historyOf(5, LAPTOP, ...newer);
    assert.equal(s.knowsDevice(LAPTOP.device_id), false);
    const linuxDesktop = on({ device_id: 'd-new', type: 'desktop', os: 'Linux', ip: '' });
    assert.match(deviceAnomaly(r, s, linuxDesktop)?.reason ?? '', /confidence 0\.7\)$/);
  });
});
