import { namespaceHasSearchAttributes } from '../adapters/temporal/search-attributes';
import { QUALITY_SEARCH_ATTRIBUTES } from '../domain/quality/search-attributes';
import type { ActivityDeps } from './index';

/** The data-quality gate's question to its namespace. */
export function createQualitySearchAttributesActivities({ config }: Pick<ActivityDeps, 'config'>) {
  return {
    /** Whether DataQualityGateState is registered (by the stack or `streamify temporal setup`), so the gate may set it. */
    async qualitySearchAttributesReady(): Promise<boolean> {
      return namespaceHasSearchAttributes(config, Object.values(QUALITY_SEARCH_ATTRIBUTES));
    },
  };
}
