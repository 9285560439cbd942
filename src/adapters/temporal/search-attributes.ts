import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const KEYWORD = temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;
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

/** Registers the missing ones of the Keyword search attributes in the namespace; returns those it added. */
export async function ensureKeywordSearchAttributes(
  connection: Connection,
  namespace: string,
  names: readonly string[],
): Promise<string[]> {
  const registered = await registeredNames(connection, namespace);
  const missing = names.filter((n) => !registered.has(n));
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((n) => [n, KEYWORD])),
    });
  } catch (err) {
    if ((err as { code?: number }).code !== ALREADY_EXISTS) throw err;
  }
  return missing;
}
