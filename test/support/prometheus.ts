import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';
import { until } from './until';

/** The project's alerting rules, loaded by the test's Prometheus as by the real one. */
const ALERT_RULES = resolve(__dirname, '..', '..', 'stack', 'prometheus', 'alerts.yml');

/** A Prometheus of a test's own: its HTTP API and how to stop it. */
export interface TestPrometheus {
  readonly url: string;
  /** The series of an instant PromQL query now, as the HTTP API answers it. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  stop(): Promise<void>;
}

/**
 * Starts Debian's `prometheus` on a free loopback port, with its storage in `dir`, scraping each job's targets every
 * second and evaluating stack/prometheus/alerts.yml; resolves once it is ready.
 */
export async function startPrometheus(dir: string, jobs: Record<string, readonly string[]>): Promise<TestPrometheus> {
  const configFile = join(dir, 'prometheus.yml');
  const scrapeConfigs = Object.entries(jobs).map(([job, targets]) => ({ job_name: job, static_configs: [{ targets }] }));
  // JSON is YAML: no YAML library needed.
  writeFileSync(
    configFile,
    JSON.stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: [ALERT_RULES],
      scrape_configs: scrapeConfigs,
    }),
  );
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let logs = '';
  child.stderr?.on('data', (chunk: Buffer) => (logs += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.once('error', (err) => (logs += `${err.message} (Debian's prometheus package installs it; .ci/run does)`));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await until('prometheus is ready', async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited: ${logs}`);
      return (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true;
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    async query(expr) {
      const answer = (await (await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`)).json()) as {
        status: string;
        error?: string;
        data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
      };
      if (answer.status !== 'success') throw new Error(`Prometheus rejects ${expr}: ${answer.error}`);
      return answer.data?.result ?? [];
    },
    stop,
  };
}
