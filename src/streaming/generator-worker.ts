import { parentPort, workerData } from 'node:worker_threads';
import { EventGenerator, type GeneratorOptions } from '../domain/generator';
import { FRAUD, PURCHASE, toMessage, type EventChunkData } from './generator-thread';

/** Room for one event's JSON before the chunk's buffer grows: UTF-8 takes at most three bytes per UTF-16 unit. */
const BYTES_PER_UNIT = 3;

/**
 * The generator thread's body: builds the generator, says so, then answers each request for a number of events
 * with a chunk of them as Kafka would carry them (the key, the JSON value as UTF-8), the buffers transferred.
 */
function serve(options: GeneratorOptions): void {
  const port = parentPort;
  if (port === null) throw new Error('the generator worker runs on a worker thread');
  const generator = new EventGenerator(options);
  let capacity = 1 << 20;
  port.on('message', (count: number) => {
    let values = Buffer.allocUnsafeSlow(capacity);
    const keys = new Array<string>(count);
    const ends = new Uint32Array(count);
    const timesMs = new Float64Array(count);
    const flags = new Uint8Array(count);
    let length = 0;
    for (let i = 0; i < count; i++) {
      const e = generator.next();
      const { key, value } = toMessage(e);
      if (length + value.length * BYTES_PER_UNIT > capacity) {
        capacity = Math.max(capacity * 2, length + value.length * BYTES_PER_UNIT);
        const grown = Buffer.allocUnsafeSlow(capacity);
        values.copy(grown, 0, 0, length);
        values = grown;
      }
      length += values.write(value, length);
      keys[i] = key;
      ends[i] = length;
      timesMs[i] = e.timeMs;
      flags[i] = e.kind === 'purchase' ? PURCHASE | (e.event.label?.is_fraud ? FRAUD : 0) : 0;
    }
    const chunk: EventChunkData = { keys, values: values.buffer, ends, timesMs, flags };
    port.postMessage(chunk, [values.buffer, ends.buffer, timesMs.buffer, flags.buffer]);
  });
  port.postMessage('ready');
}

if (parentPort !== null) serve((workerData as { options: GeneratorOptions }).options);
