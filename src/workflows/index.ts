// Every workflow the worker runs: the bundle entry of src/worker.ts (workflowsPath). Add each new workflow here.
export { dataQuality } from './data-quality';
export { hourlyEtl } from './hourly-etl';
