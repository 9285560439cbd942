import { parentPort, workerData } from 'node:worker_threads';
import { lakeRecordOf } from '../../src/domain/lake';
import { serveRows } from '../../src/streaming/lake-rows-server';
import { InjectedBug, POISON } from './injected-bug';

// The rows thread of the lake sink, with a row step that throws on a poisoned purchase (after it validated).
if (parentPort !== null) {
  serveRows((workerData as { emailHashKey: string }).emailHashKey, (dataset, bytes, from, ctx) => {
    const row = lakeRecordOf(dataset, bytes, from, ctx);
    if (row.ok && row.value.row.product_name === POISON) throw new InjectedBug();
    return row;
  });
}
