import assert from 'node:assert/strict';
import { loadMismatches } from '../../../../src/domain/etl/warehouse-tables';

describe('reconciling a load with its transform', () => {
  it('finds nothing when the warehouse holds what the transform kept, and names each table that differs', () => {
    assert.deepEqual(
      loadMismatches({ transactions: 10, fraud_alerts: 2 }, { RAW_TRANSACTIONS: 10, FRAUD_ALERTS: 2, FRAUD_ANALYSIS: 7 }),
      [],
    );
    assert.deepEqual(loadMismatches({ transactions: 10, fraud_alerts: 0 }, { RAW_TRANSACTIONS: 20 }), [
      'RAW_TRANSACTIONS: 20 rows, the transform wrote 10',
    ]);
  });
});
