import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { SearchAttributeKind } from '../../domain/search-attributes';
import { connectTemporal } from './connection';
import type { TemporalConnectionSettings } from './connection-options';

const INDEXED_VALUE_TYPES: Readonly<Record<SearchAttributeKind, temporal.api.enums.v1.IndexedValueType>> = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
};
/** gRPC ALREADY_EXISTS: another process registered the attribute between our list and our add. */
const ALREADY_EXISTS = 6;

async function registeredNames(connection: Connection, namespace: string): Promise<Set<string>> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  return new Set(Object.keys(customAttributes ?? {}));
}

/** Whether every one of the custom search attributes is registered in the namespace. */
export async function searchAttributesRegistered(connection: Connection, namespace: string, names: readonly string[]): Promise<boolean> {
  const registered = await registeredNames(connection, namespace);
  return names.every((n) => registered.has(n));
}

/**
 * Whether the configured namespace has every one of the search attributes, over a connection of its own: what a
 * workflow asks (through an activity) before it sets them, since setting an unregistered one fails its workflow task.
 */
export async function namespaceHasSearchAttributes(
  config: TemporalConnectionSettings & { readonly temporalNamespace: string },
  names: readonly string[],
): Promise<boolean> {
  const connection = await connectTemporal(config);
  try {
    return await searchAttributesRegistered(connection, config.temporalNamespace, names);
  } finally {
    await connection.close();
  }
}

/** Registers the missing ones of the search attributes (name → type) in the namespace; returns those it added. */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  attributes: Readonly<Record<string, SearchAttributeKind>>,
): Promise<string[]> {
  const registered = await registeredNames(connection, namespace);
  const missing = Object.keys(attributes).filter((n) => !registered.has(n));
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((n) => [n, INDEXED_VALUE_TYPES[attributes[n] as SearchAttributeKind]])),
    });
  } catch (err) {
    if ((err as { code?: number }).code !== ALREADY_EXISTS) throw err;
  }
  return missing;
}
