import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Retries of a transactional producer. Right after a commit the coordinator is still writing the
 * commit markers, and the next transaction's first request is refused with CONCURRENT_TRANSACTIONS until it is
 * done: the Java client retries that after 20 ms, kafkajs after its usual 300 ms or more. Starting at 10 ms with
 * more retries keeps about the same total wait (about 10 s) for a broker that is really gone.
 */
export const TRANSACTION_RETRY = { initialRetryTime: 10, retries: 10, maxRetryTime: 30_000 };

/**
 * kafkajs does not retry AddOffsetsToTxn at all (tulios/kafkajs#430), so a transaction with no outputs, whose
 * first request is its offsets, failed whenever it followed a commit closely, and the partition was rebuilt from
 * its history: seconds of latency. It is retried here, with the producer's own backoff.
 */
export async function retryingConcurrentTransactions<T>(
  request: () => Promise<T>,
  retry: { readonly initialRetryTime: number; readonly retries: number } = TRANSACTION_RETRY,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (err) {
      const concurrent = (err as { type?: unknown }).type === 'CONCURRENT_TRANSACTIONS';
      if (!concurrent || attempt >= retry.retries) throw err;
      await sleep(retry.initialRetryTime * 2 ** attempt);
    }
  }
}
