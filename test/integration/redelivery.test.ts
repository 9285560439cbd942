import assert from 'node:assert/strict';
import { createKafka } from '../../src/adapters/kafka/client';
import type { Transaction } from '../../src/domain/events/schema';
import { DEFAULT_RULES, FraudEngine } from '../../src/domain/fraud';
import { testConfig } from '../support/config';
import { analyticsOverPurchases, assertAlertsOnTopic, fraudOverPurchases, generatedPurchases } from '../support/purchase-streams';

/** Generated purchases, and the same with every third one delivered again right after it (an upstream retry). */
function purchasesWithRedeliveries(count: number): { once: Transaction[]; delivered: Transaction[] } {
  const once = generatedPurchases(count);
  return { once, delivered: once.flatMap((p, i) => (i % 3 === 0 ? [p, p] : [p])) };
}

describe('a purchase delivered twice on the real broker', function () {
  this.timeout(240_000);
  const kafka = createKafka(testConfig());

  it('raises the fraud alerts of the stream without the duplicates', async () => {
    const { once, delivered } = purchasesWithRedeliveries(8000);
    const { topics, metrics } = await fraudOverPurchases(kafka, { sent: delivered, group: 'fraud-redelivery' });
    // A user's purchases share a partition, so one engine over them all raises what the partitions' engines raise.
    const engine = new FraudEngine(DEFAULT_RULES);
    await assertAlertsOnTopic(
      kafka,
      topics.fraud,
      once.flatMap((p) => engine.process(p, Date.now()) ?? []),
    );
    assert.equal((await metrics.redeliveries.get()).values[0]?.value, delivered.length - once.length);
  });

  it('gives the analytics windows of the stream without the duplicates', async () => {
    const { once, delivered } = purchasesWithRedeliveries(4000);
    const { emitted, expected } = await analyticsOverPurchases(kafka, { sent: delivered, counted: once, group: 'analytics-redelivery' });
    assert.deepEqual(emitted, expected);
  });
});
