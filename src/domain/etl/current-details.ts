import type { EtlStatus } from './contract';

/**
 * What an hourly ETL run is doing, as its current details in the Web UI: above all what a long step waits for
 * (the lake closing the hour, until the sensor's deadline; the data-quality gates) and that a paused run waits for
 * `resume`.
 */
export function etlDetails({ hour, step, paused }: Pick<EtlStatus, 'hour' | 'step' | 'paused'>, sensorDeadline: string): string {
  if (paused && step !== 'done' && step !== 'failed') return `${hour}: paused at ${step} (send "resume" to go on)`;
  switch (step) {
    case 'health':
      return `${hour}: checking Kafka and the lake`;
    case 'sensor':
      return `waiting for the lake to close ${hour} (the sensor's heartbeat shows the watermark); deadline ${sensorDeadline}`;
    case 'quality':
      return `${hour}: waiting for the data-quality gates (their DataQualityGateState says which waits for an override)`;
    case 'transform':
      return `${hour}: transforming the raw hour into the curated one`;
    case 'load':
      return `${hour}: loading the warehouse`;
    case 'report':
      return `${hour}: writing the run report`;
    case 'retention':
      return `${hour}: applying retention`;
    case 'done':
      return `${hour}: loaded`;
    case 'failed':
      return `${hour}: failed (the failure is on the run's last event)`;
  }
}
