import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { WindowResult } from '../domain/analytics';
import type { FlushReport } from './lake-partition';

/** A registry with Node's process metrics (CPU, memory, event loop lag), for one process's /metrics. */
export function processRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** The analytics consumer's metrics, registered in the given registry. */
export function analyticsMetrics(registry: Registry) {
  const windows = new Counter({
    name: 'streamify_analytics_windows_emitted_total',
    help: 'Window results committed to the analytics topic.',
    registers: [registry],
  });
  const lateEvents = new Counter({
    name: 'streamify_analytics_late_events_total',
    help: 'Inputs counted as late in emitted windows.',
    registers: [registry],
  });
  const lastWindowEnd = new Gauge({
    name: 'streamify_analytics_last_window_end_seconds',
    help: 'End (epoch seconds) of the latest emitted window.',
    registers: [registry],
  });
  return {
    /** Counts the windows of one committed transaction. */
    observe(results: readonly WindowResult[]): void {
      windows.inc(results.length);
      for (const r of results) lateEvents.inc(r.late_events);
      const last = results.at(-1);
      if (last !== undefined) lastWindowEnd.set(Date.parse(last.window_end) / 1000);
    },
  };
}

/** The lake sink's metrics, registered in the given registry. */
export function lakeMetrics(registry: Registry) {
  const rows = new Counter({
    name: 'streamify_lake_rows_written_total',
    help: 'Rows written to the lake and committed.',
    labelNames: ['dataset'] as const,
    registers: [registry],
  });
  const files = new Counter({
    name: 'streamify_lake_files_written_total',
    help: 'Parquet files written to the lake.',
    labelNames: ['dataset'] as const,
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: 'streamify_lake_dlq_total',
    help: 'Invalid messages the lake sink sent to a dead-letter topic.',
    labelNames: ['dataset'] as const,
    registers: [registry],
  });
  const flushSeconds = new Histogram({
    name: 'streamify_lake_flush_seconds',
    help: 'From the start of a flush to its commit.',
    labelNames: ['dataset'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return {
    /** Counts one committed flush of a topic-partition. */
    observe(r: FlushReport): void {
      rows.inc({ dataset: r.dataset }, r.rows);
      files.inc({ dataset: r.dataset }, r.files.length);
      deadLetters.inc({ dataset: r.dataset }, r.deadLetters);
      flushSeconds.observe({ dataset: r.dataset }, r.durationMs / 1000);
    },
  };
}

/** Restarts of the consumers of one process (`stream all`), by consumer. */
export function restartMetrics(registry: Registry) {
  const restarts = new Counter({
    name: 'streamify_consumer_restarts_total',
    help: 'Times a consumer failed and was started again from its committed offsets.',
    labelNames: ['consumer'] as const,
    registers: [registry],
  });
  return {
    /** Counts one restart of the named consumer. */
    observe(consumer: string): void {
      restarts.inc({ consumer });
    },
  };
}
