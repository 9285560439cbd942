import type { Config } from '../../config';
import { createKafka } from './client';

/** How long the probe waits for a broker to answer. */
const PROBE_TIMEOUT_MS = 10_000;

/** Rejects when no broker of the cluster answers. */
export type BrokerProbe = () => Promise<void>;

/** A probe of the configured brokers: one describeCluster, waiting PROBE_TIMEOUT_MS and retrying once. */
export function kafkaBrokerProbe(config: Config): BrokerProbe {
  const kafka = createKafka(config, { connectionTimeout: PROBE_TIMEOUT_MS, retry: { retries: 1 } });
  return async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  };
}
