import type { DataQualityStatus } from './gate';

/**
 * What a gate is doing, as its current details in the Web UI: above all, while it waits for an override, which
 * checks failed, what sits in quarantine, until when it waits, and how to answer it.
 */
export function gateDetails(status: DataQualityStatus): string {
  const { dataset, hour, phase, check, quarantinedFiles } = status;
  const failed = check?.failedChecks.join(', ') ?? '';
  switch (phase) {
    case 'checking':
      return `checking ${dataset} ${hour}`;
    case 'quarantining':
      return `${dataset} ${hour} failed checks ${failed}; moving its files to quarantine`;
    case 'awaiting-override':
      return (
        `${dataset} ${hour} failed checks ${failed}; ${quarantinedFiles} files in quarantine; ` +
        `waiting for an override until ${status.overrideDeadline ?? '?'} (send "override" with {"by": "…", "reason": "…"})`
      );
    case 'releasing':
      return `${dataset} ${hour} overridden by ${status.override?.by ?? '?'}: moving ${quarantinedFiles} files back`;
    case 'failed':
      return `${dataset} ${hour} failed checks ${failed}; no override came; ${quarantinedFiles} files stay in quarantine`;
    default:
      return `${dataset} ${hour} ${phase}`;
  }
}
