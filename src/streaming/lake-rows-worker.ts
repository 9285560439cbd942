import { parentPort, workerData } from 'node:worker_threads';
import { lakeRecordOf, pseudonymsOf, type RowContext } from '../domain/lake';
import type { RowsReply, RowsRequest } from './lake-rows-thread';
import { pieceAt, Utf8Builder } from './utf8-builder';

/** The lake rows thread's body: answers each batch with its rows as lines of JSON and the reasons of the refused. */
function serve(emailHashKey: string): void {
  const port = parentPort;
  if (port === null) throw new Error('the lake rows worker runs on a worker thread');
  const pseudonyms = pseudonymsOf(emailHashKey);
  const lines = new Utf8Builder();
  port.on('message', (r: RowsRequest) => {
    const count = r.ends.length;
    const lineEnds = new Uint32Array(count);
    const eventTimesMs = new Float64Array(count);
    const refusals = new Map<number, string>();
    const context: RowContext = { nowMs: r.nowMs, pseudonyms };
    for (let i = 0; i < count; i++) {
      const from = { topic: r.topic, partition: r.partition, offset: r.offsets[i] as number };
      const outcome = lakeRecordOf(r.dataset, pieceAt(r.values, r.ends, i), from, context);
      if (outcome.ok) {
        lineEnds[i] = lines.append(`${JSON.stringify(outcome.value.row)}\n`);
        eventTimesMs[i] = outcome.value.eventTimeMs;
      } else {
        lineEnds[i] = lines.end;
        refusals.set(i, outcome.reason);
      }
    }
    const reply: RowsReply = { lines: lines.take(), lineEnds, eventTimesMs, refusals };
    port.postMessage(reply, [reply.lines, lineEnds.buffer, eventTimesMs.buffer]);
  });
}

if (parentPort !== null) serve((workerData as { emailHashKey: string }).emailHashKey);
