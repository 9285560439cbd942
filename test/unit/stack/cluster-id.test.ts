import assert from 'node:assert/strict';
import { newClusterId } from '../../../src/stack/kafka';

describe('KRaft cluster ids', () => {
  it('are 22 base64url characters and never start with "-", which the storage tool would take for an option', () => {
    const ids = Array.from({ length: 5000 }, newClusterId);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    assert.equal(new Set(ids).size, ids.length);
  });
});
