import { ETL_SEARCH_ATTRIBUTES } from './etl/search-attributes';
import { INCIDENT_SEARCH_ATTRIBUTES } from './monitoring/search-attributes';
import { QUALITY_SEARCH_ATTRIBUTES } from './quality/search-attributes';

/** The type of a custom search attribute, spelled as `temporal` takes it (`--search-attribute EtlHour=Datetime`). */
export type SearchAttributeKind = 'Keyword' | 'Datetime';

/** Every custom search attribute the workflows set, with its type: what the stack and `streamify temporal setup` register. */
export const CUSTOM_SEARCH_ATTRIBUTES: Readonly<Record<string, SearchAttributeKind>> = {
  [INCIDENT_SEARCH_ATTRIBUTES.severity]: 'Keyword',
  [INCIDENT_SEARCH_ATTRIBUTES.status]: 'Keyword',
  [ETL_SEARCH_ATTRIBUTES.hour]: 'Datetime',
  [ETL_SEARCH_ATTRIBUTES.status]: 'Keyword',
  [QUALITY_SEARCH_ATTRIBUTES.gateState]: 'Keyword',
};
