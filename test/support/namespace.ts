import type { Connection } from '@temporalio/client';
import { ensureSearchAttributes } from '../../src/adapters/temporal/search-attributes';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../src/domain/search-attributes';
import { msToTs } from '@temporalio/common/lib/time';
import { uniqueName } from './config';
import { until } from './until';

/**
 * A Temporal namespace of the test's own on the shared dev server, with Streamify's search attributes: there the test
 * may use the names a user owns (`hourly-etl-<hour>`, schedules, the CLI's defaults) without touching the user's.
 */
export async function createTestNamespace(connection: Connection): Promise<string> {
  const namespace = uniqueName('streamify-test');
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  // The frontend learns of a new namespace from its cache, refreshed every few seconds.
  await until(`namespace ${namespace} answers`, () =>
    connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 }).then(
      () => true,
      () => false,
    ),
  );
  await ensureSearchAttributes(connection, namespace, CUSTOM_SEARCH_ATTRIBUTES);
  return namespace;
}

/** Deletes the test's namespace with everything in it (schedules and workflows included). */
export async function deleteTestNamespace(connection: Connection, namespace: string): Promise<void> {
  await connection.operatorService.deleteNamespace({ namespace });
}
