import assert from 'node:assert/strict';
import { createKafka } from '../../src/adapters/kafka/client';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../src/domain/generator';
import { produceEvents } from '../../src/streaming/produce';
import { testConfig } from '../support/config';
import { freshTopics, readAll } from '../support/kafka';

describe('producer into the real broker', () => {
  const kafka = createKafka(testConfig());

  it('delivers every generated event once, keyed by user_id, to the topic of its kind', async () => {
    const [sales, activity] = (await freshTopics(kafka, ['sales', 'activity'])) as [string, string];
    const options = { ...DEFAULT_GENERATOR_OPTIONS, startMs: Date.parse('2026-11-25T12:00:00Z'), fraudRate: 0.05 };
    const stats = await produceEvents({
      kafka,
      topics: { sales, activity },
      generator: options,
      realTime: false,
      count: 5000,
      batchSize: 700,
    });
    assert.equal(stats.sent, 5000);
    assert.equal(stats.errors, 0);

    const expected = new EventGenerator(options).take(5000);
    const received = await readAll(kafka, [sales, activity], 5000);
    assert.equal(received.length, 5000);
    const ids = (e: { event_type: string; transaction_id?: string; event_id?: string }): string => e.transaction_id ?? e.event_id ?? '';
    const byId = new Map(received.map((r) => [ids(JSON.parse(String(r.message.value))), r]));
    assert.equal(byId.size, 5000, 'no event arrives twice');
    for (const e of expected) {
      const r = byId.get(ids(e.event as { event_type: string }));
      assert.ok(r, `event ${e.event.event_type} at ${e.event.timestamp} arrived`);
      assert.equal(r.topic, e.kind === 'purchase' ? sales : activity);
      assert.equal(String(r.message.key), e.event.user_id);
      assert.equal(String(r.message.value), JSON.stringify(e.event));
    }
    assert.equal(stats.purchases, expected.filter((e) => e.kind === 'purchase').length);
  });

  it('paces real-time mode at the requested rate with event times at the wall clock', async () => {
    const [sales, activity] = (await freshTopics(kafka, ['rt-sales', 'rt-activity'])) as [string, string];
    const startMs = Date.now();
    const stats = await produceEvents({
      kafka,
      topics: { sales, activity },
      generator: { ...DEFAULT_GENERATOR_OPTIONS, startMs, ratePerSecond: 400 },
      realTime: true,
      durationMs: 1500,
    });
    const received = await readAll(kafka, [sales, activity], stats.sent);
    const times = received.map((r) => Date.parse(JSON.parse(String(r.message.value)).timestamp as string));
    assert.ok(stats.sent > 300 && stats.sent < 900, `about 600 events in 1.5 s at 400/s, got ${stats.sent}`);
    assert.ok(Math.min(...times) >= startMs && Math.max(...times) < startMs + 1500);
    for (const r of received)
      assert.ok(
        Number(r.message.timestamp) >= Date.parse(JSON.parse(String(r.message.value)).timestamp as string),
        'sent no earlier than its event time',
      );
  });
});
