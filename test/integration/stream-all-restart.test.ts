import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { createKafka } from '../../src/adapters/kafka/client';
import { ensureConfiguredTopics, ensureTopics } from '../../src/adapters/kafka/topics';
import { topicsOf } from '../../src/config';
import { DEFAULT_GENERATOR_OPTIONS } from '../../src/domain/generator';
import { startAllConsumers } from '../../src/streaming/all-consumers';
import { produceEvents } from '../../src/streaming/produce';
import { testConfig, testLogger } from '../support/config';
import { ownStreamSettings } from '../support/kafka';
import { suiteTempDir } from '../support/temp-files';
import { until } from '../support/until';

/** Smaller than any window result (about 5 kB): the analytics consumer fails on every window it writes. */
const ANALYTICS_MAX_MESSAGE_BYTES = 1024;
const POLICY = { initialDelayMs: 200, maxDelayMs: 200, stableAfterMs: 60_000, maxFailuresInARow: 3, startAttempts: 8 };

/** The sum of a metric's series. */
async function total(registry: Registry, name: string): Promise<number> {
  const metric = registry.getSingleMetric(name);
  return metric === undefined ? 0 : (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}

describe('streamify stream all when one consumer fails fatally', function () {
  this.timeout(240_000);
  const dir = suiteTempDir('restart');

  it('restarts that consumer with backoff while the others go on, then gives up naming it and the reason', async () => {
    const config = testConfig({ ...ownStreamSettings('restart', join(dir(), 'lake')), ANALYTICS_IDLE_TIMEOUT_MS: '5000' });
    const kafka = createKafka(config);
    const topics = topicsOf(config);
    // The fault: the broker refuses every window result, as it refused the oversized batch of the report.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const limit = [{ name: 'max.message.bytes', value: String(ANALYTICS_MAX_MESSAGE_BYTES) }];
      await ensureTopics(admin, [{ topic: topics.analytics, numPartitions: 3, replicationFactor: 1, configEntries: limit }]);
    } finally {
      await admin.disconnect();
    }
    await ensureConfiguredTopics(kafka, config);
    const generator = { ...DEFAULT_GENERATOR_OPTIONS, startMs: Date.now() - 3_600_000, ratePerSecond: 20, users: 2000, fraudRate: 0.05 };
    const { purchases, sent } = await produceEvents({ kafka, topics, generator, realTime: false, durationMs: 10 * 60_000 });

    const consumers = await startAllConsumers({ kafka, config, log: testLogger(), lakeFlushAgeMs: 2000, restartPolicy: POLICY });
    const registry = consumers.fraudMetrics.registry;
    try {
      await assert.rejects(
        consumers.failed,
        /^Error: the analytics consumer failed 3 times in a row, the last time with: The request included a message larger than the max message size/,
      );
      assert.deepEqual(consumers.restarts(), { fraud: 0, analytics: 2, lake: 0 });
      assert.equal(await total(registry, 'streamify_consumer_restarts_total'), 2);
      // The fraud consumer and the lake sink were not taken down with it: they finish their part.
      await until('the fraud consumer and the lake sink have done their part', async () => {
        const alerts = await total(registry, 'streamify_fraud_alerts_total');
        return (
          (await total(registry, 'streamify_fraud_events_processed_total')) === purchases &&
          alerts > 0 &&
          (await total(registry, 'streamify_lake_rows_written_total')) === sent + alerts
        );
      });
      assert.deepEqual(consumers.restarts(), { fraud: 0, analytics: 2, lake: 0 });
    } finally {
      await consumers.stop();
    }
  });
});
