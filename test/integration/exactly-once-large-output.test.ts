import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { createKafka } from '../../src/adapters/kafka/client';
import { startExactlyOnceRelay, type Outbox } from '../../src/streaming/exactly-once';
import { BROKER_MAX_MESSAGE_BYTES } from '../../src/streaming/message-size';
import { testConfig, testLogger, uniqueName } from '../support/config';
import { freshTopics } from '../support/kafka';
import { readToEnd } from '../support/read-to-end';
import { until } from '../support/until';

const OUTPUTS_PER_INPUT = 40;
const OUTPUT_BYTES = 100_000;

describe('exactly-once relay: one input’s outputs above the broker’s message size limit', function () {
  this.timeout(120_000);
  const kafka = createKafka(testConfig());

  it('sends them in one transaction of several bounded sends, and they all arrive once', async () => {
    // Both topics as the broker makes them: the default limit of 1 MiB per record batch.
    const [input, output] = (await freshTopics(kafka, ['large-in', 'large-out'], 1)) as [string, string];
    // Random bytes do not compress: 4 MB out of one input, four times what one record batch may carry.
    assert.ok(OUTPUTS_PER_INPUT * OUTPUT_BYTES > 3 * BROKER_MAX_MESSAGE_BYTES);
    let committed = 0;
    const relay = await startExactlyOnceRelay({
      kafka,
      groupId: uniqueName('large-group'),
      inputTopics: [input],
      rebuildMessages: 0,
      log: testLogger(),
      createWorker: () => ({
        handle: (message: KafkaMessage, outbox: Outbox) => {
          for (let i = 0; i < OUTPUTS_PER_INPUT; i++)
            outbox.send(output, { key: `${String(message.value)}-${i}`, value: randomBytes(OUTPUT_BYTES) });
        },
        replay: () => undefined,
      }),
      onCommitted: ({ inputs }) => (committed += inputs),
    });
    const failed = relay.stopped.then(() => assert.fail('the relay stopped'));
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    try {
      await producer.send({ topic: input, messages: [{ value: 'a' }, { value: 'b' }] });
      await Promise.race([failed, until('both inputs are committed', () => committed === 2)]);
    } finally {
      await producer.disconnect();
      await relay.stop();
    }
    const read = await readToEnd(kafka, output);
    const keys = read.map((m) => String(m.key));
    assert.equal(keys.length, 2 * OUTPUTS_PER_INPUT);
    assert.equal(new Set(keys).size, keys.length, 'each output once');
  });
});
