export { runSuiteInDuckDb, type DuckDbSource, type SuiteRun } from './duckdb-runner';
