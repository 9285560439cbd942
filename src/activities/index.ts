import type { Config } from '../config';
import type { LakeStore } from '../adapters/lake/store';
import type { QualityResultsStore } from '../adapters/quality/results-store';
import { createDataQualityActivities } from './data-quality';

/** The adapters activities work through: the worker passes the configured ones, tests pass local ones or fakes. */
export interface ActivityDeps {
  readonly config: Config;
  readonly lake: LakeStore;
  readonly qualityResults: QualityResultsStore;
}

/** Every activity of every workflow, by name; one factory per concern, so names must differ across concerns. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createDataQualityActivities(deps),
  };
}

/** The activities as workflows see them: `proxyActivities<Activities>(…)`. */
export type Activities = ReturnType<typeof createActivities>;
