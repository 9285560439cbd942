import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafka } from '../../src/adapters/kafka/client';
import { localLakeStore } from '../../src/adapters/lake';
import type { Transaction } from '../../src/domain/events/schema';
import { deadLetterReason } from '../../src/streaming/dead-letter';
import { lakeSources } from '../../src/streaming/lake-sink';
import { testConfig, testLogger, uniqueName } from '../support/config';
import { expectedAlerts, readPartitioned } from '../support/fraud';
import { readAll } from '../support/kafka';
import { caughtUp, lakeTopics, readLake, runSinkUntil } from '../support/lake';
import {
  analyticsOverPurchases,
  assertAlertsOnTopic,
  fraudOverPurchases,
  generatedPurchases,
  producePurchases,
} from '../support/purchase-streams';
import { POISON, THROWING_FRAUD_STEPS, THROWING_LAKE_ROWS_WORKER, THROWING_PANE_STEPS } from '../support/throwing-steps';

const POISONED = 25;

/** Generated purchases with POISONED poisoned copies (valid, with ids of their own) spread among them. */
function purchasesWithPoison(count: number): { all: Transaction[]; valid: Transaction[] } {
  const valid = generatedPurchases(count);
  const every = Math.floor(valid.length / POISONED);
  const all: Transaction[] = [];
  valid.forEach((p, i) => {
    all.push(p);
    if (i % every === 0 && all.length - i <= POISONED)
      all.push({ ...p, transaction_id: `poison-${i}`, product_name: POISON, status: 'completed' });
  });
  return { all, valid };
}

/** Asserts that the dead letters are exactly the poisoned purchases, each with the step's error as reason. */
function assertPoisonDeadLetters(dead: Awaited<ReturnType<typeof readAll>>, poisoned: number, step: RegExp): void {
  assert.equal(dead.length, poisoned, 'every poisoned purchase, and nothing else, in the DLQ');
  for (const d of dead) {
    assert.equal((JSON.parse(String(d.message.value)) as Transaction).product_name, POISON);
    assert.match(deadLetterReason(d.message) ?? '', step);
  }
}

describe('a message that makes a consumer’s own step throw', function () {
  this.timeout(240_000);
  const kafka = createKafka(testConfig());

  it('goes from the fraud consumer to the DLQ with the error, and detection goes on', async () => {
    const { all, valid } = purchasesWithPoison(8000);
    const { topics } = await fraudOverPurchases(kafka, { sent: all, group: 'fraud-throwing', steps: THROWING_FRAUD_STEPS });
    const poisoned = all.length - valid.length;
    assertPoisonDeadLetters(await readAll(kafka, [topics.dlq.sales], poisoned), poisoned, /^fraud detection threw: InjectedBug: /);
    const onTopic = await readPartitioned(kafka, topics.sales, all.length);
    await assertAlertsOnTopic(kafka, topics.fraud, expectedAlerts(onTopic.filter((m) => !String(m.message.value).includes(POISON))));
  });

  it('goes from the analytics consumer to the DLQ with the error, and the windows are those of the valid purchases', async () => {
    const { all, valid } = purchasesWithPoison(4000);
    const { topics, emitted, expected } = await analyticsOverPurchases(kafka, {
      sent: all,
      counted: valid,
      group: 'analytics-throwing',
      steps: THROWING_PANE_STEPS,
    });
    const poisoned = all.length - valid.length;
    assertPoisonDeadLetters(await readAll(kafka, [topics.dlq.sales], poisoned), poisoned, /^analytics panes threw: InjectedBug: /);
    assert.deepEqual(emitted, expected);
  });

  it('goes from the lake sink to the DLQ with the error, and every valid purchase lands', async () => {
    const topics = await lakeTopics(kafka);
    const { all, valid } = purchasesWithPoison(4000);
    await producePurchases(kafka, topics.sales, all);
    const root = mkdtempSync(join(tmpdir(), 'streamify-lake-'));
    const store = localLakeStore(`file://${root}`);
    const groupId = uniqueName('lake-throwing');
    const stats = await runSinkUntil(
      {
        kafka,
        store,
        sources: lakeSources(topics),
        groupId,
        policy: { maxMessages: 1000, maxAgeMs: 1000 },
        emailHashKey: 'throwing-step-test',
        log: testLogger(),
        rowsWorker: THROWING_LAKE_ROWS_WORKER,
      },
      await caughtUp(kafka, groupId, [topics.sales]),
      120_000,
    );
    const poisoned = all.length - valid.length;
    assert.equal(stats.deadLetters, poisoned);
    assertPoisonDeadLetters(await readAll(kafka, [topics.dlq.sales], poisoned), poisoned, /^lake row threw: InjectedBug: /);
    const rows = await readLake(root, 'transactions');
    assert.deepEqual(rows.map((r) => String(r.transaction_id)).sort(), valid.map((p) => p.transaction_id).sort());
  });
});
