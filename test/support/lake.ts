import type { Kafka } from 'kafkajs';
import type { JS } from '@duckdb/node-api';
import { withDuckDb } from '../../src/adapters/duckdb/open';
import { ensureTopics } from '../../src/adapters/kafka/topics';
import type { DatasetName } from '../../src/domain/lake';
import { sqlLiteral } from '../../src/domain/quality/sql-text';
import { runLakeSink, type FlushReport, type LakeSinkOptions, type LakeSinkStats } from '../../src/streaming/lake-sink';
import { freshTopics } from './kafka';

/** Fresh input topics of the lake sink, each with its dead-letter topic. */
export async function lakeTopics(kafka: Kafka, partitions = 3) {
  const [sales, activity, fraud] = (await freshTopics(kafka, ['lake-sales', 'lake-activity', 'lake-alerts'], partitions)) as [
    string,
    string,
    string,
  ];
  const dlq = { sales: `${sales}.dlq`, activity: `${activity}.dlq`, fraud: `${fraud}.dlq` };
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(
      admin,
      Object.values(dlq).map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })),
    );
  } finally {
    await admin.disconnect();
  }
  return { sales, activity, fraud, dlq };
}

/** Runs the lake sink until `done` holds after a flush (or the time runs out), then stops it cleanly. */
export async function runSinkUntil(
  options: Omit<LakeSinkOptions, 'signal' | 'onFlush'>,
  done: (stats: Readonly<LakeSinkStats>, report: FlushReport) => boolean,
  timeoutMs = 60_000,
): Promise<LakeSinkStats> {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), timeoutMs);
  try {
    return await runLakeSink({ ...options, signal: stop.signal, onFlush: (report, stats) => done(stats, report) && stop.abort() });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A `done` for runSinkUntil: true once the group has flushed every message the topics held when it was made,
 * counting what it had committed before. For topics without transactions: a commit marker is never flushed.
 */
export async function caughtUp(
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
): Promise<(stats: unknown, report: FlushReport) => boolean> {
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, number>();
  try {
    const committed = new Map<string, number>();
    for (const t of await admin.fetchOffsets({ groupId, topics: [...topics] })) {
      for (const p of t.partitions) committed.set(`${t.topic}-${p.partition}`, Number(p.offset));
    }
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        const key = `${topic}-${p.partition}`;
        if (Number(p.high) > (committed.get(key) ?? 0)) remaining.set(key, Number(p.high) - 1);
      }
    }
  } finally {
    await admin.disconnect();
  }
  return (_stats, report) => {
    const key = `${report.topic}-${report.partition}`;
    if ((remaining.get(key) ?? Infinity) <= report.lastOffset) remaining.delete(key);
    return remaining.size === 0;
  };
}

/** A lake row as DuckDB reads it back, with the file it came from. */
export type LakeRowRead = Record<string, JS> & { filename: string };

/** Every row of a dataset in a local lake, read back with DuckDB, with the file of each (and not dt and hour from its path). */
export async function readLake(root: string, dataset: DatasetName): Promise<LakeRowRead[]> {
  return withDuckDb(':memory:', async (db) => {
    const reader = await db.runAndReadAll(
      `SELECT * FROM read_parquet(${sqlLiteral(`${root}/raw/${dataset}/**/*.parquet`)}, filename = true, hive_partitioning = false)`,
    );
    return reader.getRowObjectsJS() as LakeRowRead[];
  });
}
