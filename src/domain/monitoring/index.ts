export { BaselineAccumulator, compareWithBaseline, type Baseline, type BaselineComparison, type SpikeRule } from './baseline';
export { escalationsOf, type Escalation, type EscalationThresholds, type IncidentKind } from './escalation';
export * from './incident';
export { reportHtml } from './report-html';
export { reportKeyOf, resultOf, type MonitoringReport, type MonitoringResult } from './report';
export { ruleCombination, summariseWindow, TOP_USERS, type AlertWindowSummary, type LatencyMs } from './summary';
export * from './window';
