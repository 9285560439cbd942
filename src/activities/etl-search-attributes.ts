import { namespaceHasSearchAttributes } from '../adapters/temporal/search-attributes';
import { ETL_SEARCH_ATTRIBUTES } from '../domain/etl/search-attributes';
import type { ActivityDeps } from './index';

/** The hourly ETL's question to its namespace. */
export function createEtlSearchAttributesActivities({ config }: Pick<ActivityDeps, 'config'>) {
  return {
    /** Whether EtlHour and EtlStatus are registered (by the stack or `streamify temporal setup`), so the run may set them. */
    async etlSearchAttributesReady(): Promise<boolean> {
      return namespaceHasSearchAttributes(config, Object.values(ETL_SEARCH_ATTRIBUTES));
    },
  };
}
