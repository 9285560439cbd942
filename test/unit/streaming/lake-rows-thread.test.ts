import assert from 'node:assert/strict';
import type { KafkaMessage } from 'kafkajs';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../../src/domain/generator';
import { lakeRecordOf, pseudonymsOf } from '../../../src/domain/lake';
import { LakeRowsThread } from '../../../src/streaming/lake-rows-thread';

const KEY = 'test-key';
const NOW_MS = Date.parse('2026-11-25T13:00:00.000Z');
const source = { topic: 'sales_stream', partition: 3 };

const message = (offset: number, value: string | null): KafkaMessage => ({
  key: null,
  value: value === null ? null : Buffer.from(value),
  offset: String(offset),
  timestamp: '0',
  attributes: 0,
  headers: {},
});

describe('lake rows thread', function () {
  this.timeout(20_000);

  it('gives each message the row lakeRecordOf makes of it, as a line of JSON, or the reason it refuses it', async () => {
    const purchases = new EventGenerator({ ...DEFAULT_GENERATOR_OPTIONS, startMs: Date.parse('2026-11-25T12:00:00Z'), users: 200 })
      .take(600)
      .filter((e) => e.kind === 'purchase')
      .map((e) => JSON.stringify(e.event));
    // Text beyond ASCII, so that the lines' ends are byte offsets rather than character counts.
    const accented = purchases[0]!.replace(/"product_name":"[^"]*"/, '"product_name":"Crème brûlée ☕ 寿司"');
    const values = [
      accented,
      ...purchases.slice(1),
      '{not json',
      null,
      '',
      JSON.stringify({ event_type: 'purchase', amount: -1 }),
      purchases[1]!,
    ];
    const messages = values.map((v, i) => message(1000 + i, v));
    const thread = LakeRowsThread.start(KEY);
    try {
      const outcomes = await thread.rows('transactions', source, messages, NOW_MS);
      assert.equal(outcomes.length, messages.length);
      const context = { nowMs: NOW_MS, pseudonyms: pseudonymsOf(KEY) };
      messages.forEach((m, i) => {
        const expected = lakeRecordOf('transactions', m.value, { ...source, offset: 1000 + i }, context);
        const got = outcomes[i]!;
        if (!expected.ok) return assert.deepEqual(got, expected, `message ${i}`);
        assert.ok(got.ok, `message ${i}: ${got.ok ? '' : got.reason}`);
        assert.equal(got.value.eventTimeMs, expected.value.eventTimeMs);
        assert.equal(Buffer.from(got.value.row).toString('utf8'), `${JSON.stringify(expected.value.row)}\n`, `message ${i}`);
      });
      assert.equal(outcomes.filter((o) => !o.ok).length, 4);
      const first = outcomes[0]!;
      assert.ok(first.ok && Buffer.from(first.value.row).toString('utf8').includes('"product_name":"Crème brûlée ☕ 寿司"'));
    } finally {
      await thread.close();
    }
  });

  it('answers batches of different datasets in the order they were asked', async () => {
    const thread = LakeRowsThread.start(KEY);
    try {
      const view = JSON.stringify({
        event_type: 'page_view',
        event_id: 'e-1',
        session_id: 's-1',
        user_id: 'u-1',
        timestamp: '2026-11-25T12:00:00.000Z',
        product_id: 'p-1',
        category: 'books',
      });
      const [asActivity, asAlert] = await Promise.all([
        thread.rows('activity', source, [message(0, view)], NOW_MS),
        thread.rows('alerts', source, [message(0, view)], NOW_MS),
      ]);
      assert.equal(asActivity[0]?.ok, true);
      assert.equal(asAlert[0]?.ok, false);
    } finally {
      await thread.close();
    }
  });

  it('refuses batches once closed', async () => {
    const thread = LakeRowsThread.start(KEY);
    await thread.close();
    await assert.rejects(thread.rows('activity', source, [message(0, '{}')], NOW_MS), /the lake rows thread is closed/);
  });
});
