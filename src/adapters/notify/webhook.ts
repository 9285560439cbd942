/** How long one POST may take before it counts as failed (and is retried by the caller's policy). */
const WEBHOOK_TIMEOUT_MS = 10_000;

/** POSTs a JSON body to a webhook; throws unless it answers 2xx, so the caller's retries cover a failing receiver. */
export async function postJson(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
  });
  // The receiver's body is of no use here; reading it frees the connection.
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`webhook answered ${response.status} ${response.statusText}`);
}
