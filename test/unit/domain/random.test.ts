import assert from 'node:assert/strict';
import { Rng } from '../../../src/domain/random';

describe('seeded random numbers', () => {
  it('draws version-4 UUIDs with the RFC 4122 variant, every hex digit in use', () => {
    const rng = new Rng(7);
    const digits = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const uuid = rng.uuid();
      assert.match(uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      for (const digit of uuid.replaceAll('-', '')) digits.add(digit);
    }
    assert.equal(digits.size, 16);
  });

  it('gives the same UUIDs for the same seed and others for another', () => {
    const draw = (seed: number): string[] => {
      const rng = new Rng(seed);
      return Array.from({ length: 100 }, () => rng.uuid());
    };
    assert.deepEqual(draw(1), draw(1));
    assert.equal(new Set([...draw(1), ...draw(2)]).size, 200);
  });
});
