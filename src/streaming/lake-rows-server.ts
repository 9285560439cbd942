import { parentPort } from 'node:worker_threads';
import { pseudonymsOf, type lakeRecordOf, type RowContext } from '../domain/lake';
import type { RowsReply, RowsRequest } from './lake-rows-thread';
import { thrownReason } from './thrown-reason';
import { pieceAt, Utf8Builder } from './utf8-builder';

/** The step that makes a message's row: lakeRecordOf, or a test's own. */
export type RowMaker = typeof lakeRecordOf;

/**
 * The lake rows thread's body: answers each batch with its rows as lines of JSON and the reasons of the refused. A
 * message that makes the row step throw is refused with the error as its reason, so no input stops the thread.
 */
export function serveRows(emailHashKey: string, rowOf: RowMaker): void {
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
      let line: string;
      try {
        const outcome = rowOf(r.dataset, pieceAt(r.values, r.ends, i), from, context);
        if (!outcome.ok) {
          lineEnds[i] = lines.end;
          refusals.set(i, outcome.reason);
          continue;
        }
        line = `${JSON.stringify(outcome.value.row)}\n`;
        eventTimesMs[i] = outcome.value.eventTimeMs;
      } catch (err) {
        lineEnds[i] = lines.end;
        refusals.set(i, thrownReason('lake row', err));
        continue;
      }
      lineEnds[i] = lines.append(line);
    }
    const reply: RowsReply = { lines: lines.take(), lineEnds, eventTimesMs, refusals };
    port.postMessage(reply, [reply.lines, lineEnds.buffer, eventTimesMs.buffer]);
  });
}
