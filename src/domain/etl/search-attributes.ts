import type { EtlStatus } from './contract';

/**
 * Custom search attributes of hourlyEtl runs, so the Web UI finds them
 * (`EtlHour = '2026-11-25T12:00:00Z' AND EtlStatus = 'failed'`): the hour's start (Datetime) and the run's status
 * (Keyword). The stack's dev server and `streamify temporal setup` register them.
 */
export const ETL_SEARCH_ATTRIBUTES = { hour: 'EtlHour', status: 'EtlStatus' } as const;

/** What EtlStatus says of a run. */
export type EtlRunStatus = 'running' | 'paused' | 'completed' | 'failed';

/** A run's EtlStatus: how it ended, else whether someone paused it. */
export function etlRunStatus({ step, paused }: Pick<EtlStatus, 'step' | 'paused'>): EtlRunStatus {
  if (step === 'done') return 'completed';
  if (step === 'failed') return 'failed';
  return paused ? 'paused' : 'running';
}
