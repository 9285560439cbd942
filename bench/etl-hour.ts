import { ndjsonText, openParquetWriter } from '../src/adapters/duckdb/parquet-writer';
import type { LakeStore } from '../src/adapters/lake';
import { loadConfig } from '../src/config';
import { DEFAULT_RULES, FraudEngine } from '../src/domain/fraud';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator, usersToSustain } from '../src/domain/generator';
import { DATASETS, HOUR_MS, pseudonymsOf, lakeFileKey, type DatasetName, type LakeRow, type MessageSource } from '../src/domain/lake';
import { alertRecord, transactionRecord } from '../src/domain/lake/rows';

/** Partitions of the topics the lake sink reads, as the bench topics have. */
const PARTITIONS = 6;
/**
 * Events per second of event time: about one in twelve is a purchase, so an hour at this rate holds well over a million
 * (a purchase is counted from the hour's start, and the hour must not end before the last one).
 */
const RATE_PER_SECOND = 4000;

/** One dataset's rows as the lake sink files them: by partition, a Parquet file each time a partition's buffer fills. */
class PartitionFiles {
  private readonly buffers: LakeRow[][] = Array.from({ length: PARTITIONS }, () => []);
  private readonly nextOffsets: number[] = Array<number>(PARTITIONS).fill(0);
  private rows = 0;

  constructor(
    private readonly dataset: DatasetName,
    private readonly hourStartMs: number,
    private readonly fileRows: number,
    private readonly write: (key: string, rows: readonly LakeRow[]) => Promise<void>,
  ) {}

  /** Adds the row made for its Kafka position: partitions take rows in turn. */
  async add(rowAt: (from: MessageSource) => LakeRow): Promise<void> {
    const partition = this.rows % PARTITIONS;
    this.rows += 1;
    const buffer = this.buffers[partition] as LakeRow[];
    buffer.push(rowAt({ topic: this.dataset, partition, offset: (this.nextOffsets[partition] as number) + buffer.length }));
    if (buffer.length >= this.fileRows) await this.flush(partition);
  }

  async flushAll(): Promise<void> {
    for (let p = 0; p < PARTITIONS; p++) await this.flush(p);
  }

  private async flush(partition: number): Promise<void> {
    const rows = this.buffers[partition] as LakeRow[];
    if (rows.length === 0) return;
    const firstOffset = this.nextOffsets[partition] as number;
    const range = { topic: this.dataset, partition, firstOffset, lastOffset: firstOffset + rows.length - 1 };
    await this.write(lakeFileKey(this.dataset, this.hourStartMs, range), rows);
    this.nextOffsets[partition] = firstOffset + rows.length;
    this.buffers[partition] = [];
  }
}

/** What the lake holds for the benchmark's hour. */
export interface LakeHour {
  readonly transactions: number;
  readonly alerts: number;
  readonly files: number;
}

/**
 * Fills the lake's raw zone for one hour the way the lake sink would: the first `transactions` purchases of the hour
 * from the seeded generator, and the alerts the fraud engine raises on them, written by the sink's Parquet writer in
 * files of LAKE_FLUSH_MESSAGES rows per partition. Rows are written as they come, so a million never sit in memory.
 */
export async function writeLakeHour(lake: LakeStore, hourStartMs: number, transactions: number): Promise<LakeHour> {
  const config = loadConfig(process.env);
  const pseudonyms = pseudonymsOf(config.emailHashKey);
  const parquet = await openParquetWriter();
  let files = 0;
  const filesOf = (dataset: DatasetName) =>
    new PartitionFiles(dataset, hourStartMs, config.lakeFlushMessages, async (key, rows) => {
      await parquet.withParquetFile(ndjsonText(rows), DATASETS[dataset].columns, (path) => lake.putFile(key, path));
      files += 1;
    });
  try {
    const sales = filesOf('transactions');
    const alerts = filesOf('alerts');
    const engine = new FraudEngine(DEFAULT_RULES);
    const generator = new EventGenerator({
      ...DEFAULT_GENERATOR_OPTIONS,
      startMs: hourStartMs,
      ratePerSecond: RATE_PER_SECOND,
      users: usersToSustain(RATE_PER_SECOND),
    });
    let purchases = 0;
    let alerted = 0;
    while (purchases < transactions) {
      const e = generator.next();
      if (e.kind !== 'purchase' || e.timeMs < hourStartMs) continue;
      if (e.timeMs >= hourStartMs + HOUR_MS) throw new Error(`the hour ended after ${purchases} purchases: raise RATE_PER_SECOND`);
      await sales.add((from) => transactionRecord(e.event, from, pseudonyms).row);
      purchases += 1;
      const alert = engine.process(e.event, e.timeMs);
      if (alert !== undefined) {
        await alerts.add((from) => alertRecord(alert, from).row);
        alerted += 1;
      }
    }
    await sales.flushAll();
    await alerts.flushAll();
    return { transactions: purchases, alerts: alerted, files };
  } finally {
    await parquet.close();
  }
}
