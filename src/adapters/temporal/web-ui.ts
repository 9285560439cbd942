import type { Config } from '../../config';

/** The Web UI page of a workflow: the UI of the local dev server, on the host of TEMPORAL_ADDRESS. */
export function workflowWebUiUrl(c: Pick<Config, 'temporalAddress' | 'temporalUiPort' | 'temporalNamespace'>, workflowId: string): string {
  const host = c.temporalAddress.slice(0, c.temporalAddress.lastIndexOf(':'));
  return `http://${host}:${c.temporalUiPort}/namespaces/${encodeURIComponent(c.temporalNamespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
