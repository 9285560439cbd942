import assert from 'node:assert/strict';
import type { Message } from 'kafkajs';
import { createKafka } from '../../src/adapters/kafka/client';
import { deadLetterReason } from '../../src/streaming/dead-letter';
import { testConfig } from '../support/config';
import { expectedAlerts, fraudTopics, readPartitioned } from '../support/fraud';
import { readAll } from '../support/kafka';
import { assertAlertsOnTopic, generatedPurchases, handled, runFraudUntilHandled } from '../support/purchase-streams';

const HOSTILE = 10_000;

/** The n-th hostile message: every kind in turn, each a variation on a valid purchase. */
function hostile(n: number, valid: Record<string, unknown>): string {
  const bad = (patch: Record<string, unknown>): string => JSON.stringify({ ...valid, ...patch });
  const kinds: Array<() => string> = [
    () => `{"event_type":"purchase","amount":${n}`,
    () => String.fromCharCode(...Array.from({ length: 64 }, (_, i) => (n * 31 + i * 7) % 256)),
    () => bad({ amount: String(n) }),
    () => bad({ quantity: 1.5 }),
    () => bad({ transaction_id: n }),
    () => `{"event_type":"purchase","transaction_id":"t-${n}","amount":NaN}`,
    () => `{"event_type":"purchase","transaction_id":"t-${n}","amount":Infinity}`,
    () => bad({ amount: -n - 1 }),
    () => bad({ amount: 0 }),
    () => bad({ amount: 1e15 + n }),
    () => bad({ timestamp: '1970-01-01T00:00:00.000Z' }),
    () => bad({ timestamp: '2999-01-01T00:00:00.000Z' }),
    () => bad({ timestamp: 'yesterday' }),
    () => bad({ user_id: `u-\u0000${n}` }),
    () => bad({ user_id: `u-\ud800${n}` }),
    () => bad({ user_id: `u-\u202e${n}` }),
    () => bad({ transaction_id: `t-🙂-${n}` }),
    () => bad({ product_name: 'x'.repeat(300_000) }),
    () => bad({ email: `${'a'.repeat(10_000)}@example.com` }),
    () => bad({ transaction_id: undefined }),
    () => bad({ currency: 'usd' }),
    () => bad({ payment_method: 'cheque' }),
    () => bad({ event_type: 'refund' }),
    () => '[]',
    () => 'null',
    () => '42',
    () => '',
  ];
  return (kinds[n % kinds.length] as () => string)();
}

describe('hostile input to the fraud consumer', function () {
  this.timeout(300_000);
  const kafka = createKafka(testConfig());

  it(`sends ${HOSTILE.toLocaleString('en')} malformed and hostile messages to the DLQ with reasons, and loses no valid purchase`, async () => {
    const topics = await fraudTopics(kafka);
    const purchases = generatedPurchases(30_000, 1000);
    const template = purchases[0] as unknown as Record<string, unknown>;
    const messages: Message[] = [];
    // Valid and hostile interleaved, so that bad input sits between the purchases a rule needs together.
    for (let i = 0, h = 0; i < purchases.length || h < HOSTILE; i++) {
      const p = purchases[i];
      if (p) messages.push({ key: p.user_id, value: JSON.stringify(p) });
      for (let k = 0; k < 2 && h < HOSTILE; k++, h++) messages.push({ key: `u-${h % 50}`, value: hostile(h, template) });
    }
    const producer = kafka.producer();
    await producer.connect();
    let batch: Message[] = [];
    let bytes = 0;
    for (const m of messages) {
      batch.push(m);
      bytes += String(m.value).length;
      if (bytes > 400_000) {
        await producer.send({ topic: topics.sales, messages: batch });
        batch = [];
        bytes = 0;
      }
    }
    await producer.send({ topic: topics.sales, messages: batch });
    await producer.disconnect();

    const metrics = await runFraudUntilHandled(kafka, topics, { group: 'fraud-hostile', count: messages.length, waitMs: 240_000 });
    assert.equal(await handled(metrics), messages.length);

    const dead = await readAll(kafka, [topics.dlq.sales], HOSTILE);
    assert.equal(dead.length, HOSTILE, 'every hostile message, and nothing else, in the DLQ');
    for (const d of dead) assert.ok((deadLetterReason(d.message) ?? '').length > 0, `a reason for ${String(d.message.value).slice(0, 60)}`);
    const reasons = new Set(dead.map((d) => (deadLetterReason(d.message) ?? '').split(':')[0]));
    assert.ok(reasons.size > 3, `reasons say what was wrong: ${[...reasons].join(' | ')}`);

    const valid = (await readPartitioned(kafka, topics.sales, messages.length)).filter((m) => !String(m.message.key).match(/^u-\d{1,2}$/));
    await assertAlertsOnTopic(kafka, topics.fraud, expectedAlerts(valid));
  });
});
