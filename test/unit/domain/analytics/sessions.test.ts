import assert from 'node:assert/strict';
import { SessionIndex, type PaneSessions } from '../../../../src/domain/analytics/sessions';

const pane = (): PaneSessions => ({ viewed: [], buying: [] });

describe('session index', () => {
  // 100,000 ids share the index's 2^30 keys: about five pairs collide, so the ids that wait aside are counted too.
  const ids = Array.from({ length: 100_000 }, (_, i) => `s-${(i * 2_654_435_761) % 4_294_967_296}-${i}`);

  it('counts every distinct session of a pane once, and the converted among them, whatever their keys', () => {
    const index = new SessionIndex();
    const p = pane();
    for (const id of ids) index.view(id, p, 0);
    for (const id of ids) index.view(id, p, 0);
    ids.slice(0, 30_000).forEach((id) => index.buy(id, p, 0));
    assert.equal(index.size, ids.length);
    assert.equal(p.viewed.length, ids.length);
    assert.deepEqual(index.count([p]), { sessions: ids.length, converted: 30_000 });
  });

  it('keeps the sessions a later pane still needs and forgets the rest', () => {
    const index = new SessionIndex();
    const first = pane();
    const second = pane();
    for (const id of ids) index.view(id, first, 0);
    ids.filter((_, i) => i % 2 === 0).forEach((id) => index.view(id, second, 1));
    index.evict(first, 0);
    assert.equal(index.size, ids.length / 2);
    assert.deepEqual(index.count([second]), { sessions: ids.length / 2, converted: 0 });
    index.evict(second, 1);
    assert.equal(index.size, 0);
  });
});
