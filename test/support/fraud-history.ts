import { RecordPool } from '../../src/domain/fraud/record-pool';
import { RECORD_STRIDE, UserState } from '../../src/domain/fraud/user-state';

/** An empty history in the engine's own layout: a UserState with a record of its own, for the tests to fill. */
export function emptyHistory(): UserState {
  const pool = new RecordPool(RECORD_STRIDE);
  const id = pool.acquire();
  return new UserState(id, pool.memoryOf(id), pool.wordsOf(id), pool.offsetOf(id));
}
