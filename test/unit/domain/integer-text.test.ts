import assert from 'node:assert/strict';
import { integerText } from '../../../src/domain/integer-text';

describe('integer text', () => {
  it('prints every integer as String does, across the split into halves and their zero padding', () => {
    const integers = [0, 7, 999_999, 1_000_000, 1_000_001, 1_000_010, 1_099_999, 10_000_000, 1_764_115_200_000];
    for (let low = 1; low < 1e6; low *= 10) integers.push(1_764_115_200_000 + low, 1_764_115_200_000 + low - 1);
    integers.push(Number.MAX_SAFE_INTEGER);
    for (const n of integers) assert.equal(integerText(n), String(n));
  });
});
