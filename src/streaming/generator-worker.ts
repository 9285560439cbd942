import { parentPort, workerData } from 'node:worker_threads';
import { EventGenerator, type GeneratorOptions } from '../domain/generator';
import { FRAUD, PURCHASE, toMessage, type EventChunkData } from './generator-thread';
import { Utf8Builder } from './utf8-builder';

/**
 * The generator thread's body: builds the generator, says so, then answers each request for a number of events
 * with a chunk of them as Kafka would carry them (the key, the JSON value as UTF-8), the buffers transferred.
 */
function serve(options: GeneratorOptions): void {
  const port = parentPort;
  if (port === null) throw new Error('the generator worker runs on a worker thread');
  const generator = new EventGenerator(options);
  const values = new Utf8Builder();
  port.on('message', (count: number) => {
    const keys = new Array<string>(count);
    const ends = new Uint32Array(count);
    const timesMs = new Float64Array(count);
    const flags = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const e = generator.next();
      const { key, value } = toMessage(e);
      keys[i] = key;
      ends[i] = values.append(value);
      timesMs[i] = e.timeMs;
      flags[i] = e.kind === 'purchase' ? PURCHASE | (e.event.label?.is_fraud ? FRAUD : 0) : 0;
    }
    const chunk: EventChunkData = { keys, values: values.take(), ends, timesMs, flags };
    port.postMessage(chunk, [chunk.values, ends.buffer, timesMs.buffer, flags.buffer]);
  });
  port.postMessage('ready');
}

if (parentPort !== null) serve((workerData as { options: GeneratorOptions }).options);
