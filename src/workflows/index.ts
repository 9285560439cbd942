// Every workflow the worker runs: the bundle entry of src/worker.ts (workflowsPath). Add each new workflow here.
export { dataQuality } from './data-quality';
export { hourlyEtl } from './hourly-etl';
export { fraudIncident } from './fraud-incident';
export { fraudMonitoring } from './fraud-monitoring';
export { fraudRules } from './fraud-rules';
export { scheduledHourlyEtl } from './scheduled-hourly-etl';
