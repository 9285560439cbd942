import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kafka } from 'kafkajs';
import { snappyCompression } from '../adapters/kafka/compression';
import { DashboardState, type IncidentView, type KpiPoint } from '../domain/dashboard';
import { decodeJson, validateAlert } from '../domain/events/schema';
import { validateWindow } from '../domain/lake/window-rows';
import type { Logger } from '../log';
import { DASHBOARD_CSP, DASHBOARD_PAGE } from './page';

export interface DashboardOptions {
  readonly kafka: Kafka;
  readonly topics: { readonly analytics: string; readonly fraud: string };
  readonly port: number;
  readonly log: Logger;
  /** The warehouse's KPI_METRICS of the last day; called every `kpisEveryMs`. */
  readonly listKpis?: () => Promise<KpiPoint[]>;
  readonly kpisEveryMs?: number;
  /** Lists open incidents; called every `incidentsEveryMs`. */
  readonly listIncidents?: () => Promise<IncidentView[]>;
  readonly incidentsEveryMs?: number;
}

export interface DashboardServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Sent with every answer: the page's CSP, no MIME sniffing, no referrer, no framing. */
const SECURITY_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

/** Pushes to a page at most this often, however fast the topics move. */
const PUSH_EVERY_MS = 500;

/**
 * Serves the live dashboard: the page, and a server-sent event stream of the view, fed by a read-committed
 * consumer of the analytics and alert topics (from the start of what they retain) and the incident list.
 */
export async function startDashboard(o: DashboardOptions): Promise<DashboardServer> {
  const state = new DashboardState();
  const clients = new Set<ServerResponse>();
  let changed = false;
  const push = (to: Iterable<ServerResponse>): void => {
    const frame = `event: view\ndata: ${JSON.stringify(state.view())}\n\n`;
    for (const res of to) res.write(frame);
  };

  // Filled in once the server listens and its port is known.
  let ownHosts: ReadonlySet<string> = new Set();
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    // A page of another origin that rebinds its DNS name to 127.0.0.1 still sends its own name as Host.
    if (!ownHosts.has((req.headers.host ?? '').toLowerCase())) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('this dashboard answers only to 127.0.0.1, localhost and [::1]\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(DASHBOARD_PAGE);
    } else if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      clients.add(res);
      push([res]);
      req.on('close', () => clients.delete(res));
    } else if (path === '/view.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state.view()));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  });

  snappyCompression();
  const consumer = o.kafka.consumer({ groupId: `streamify-dashboard-${process.pid}-${Date.now().toString(36)}`, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [o.topics.analytics, o.topics.fraud], fromBeginning: true });
  await consumer.run({
    // The dashboard only reads; it keeps no position of its own.
    autoCommit: false,
    eachMessage: async ({ topic, message }) => {
      // Whatever a topic holds, only what validates reaches the view: one bad record must not stop the page's process.
      const json = decodeJson(message.value);
      const skip = (reason: string): void => o.log.warn({ topic, offset: message.offset, reason }, 'dashboard skipped an invalid record');
      if (!json.ok) return skip(json.reason);
      if (topic === o.topics.analytics) {
        const window = validateWindow(json.value);
        if (!window.ok) return skip(window.reason);
        state.addWindow(window.value, Date.now());
      } else {
        const alert = validateAlert(json.value);
        if (!alert.ok) return skip(alert.reason);
        state.addAlert(alert.value, Date.now());
      }
      changed = true;
    },
  });
  const pusher = setInterval(() => {
    if (!changed) return;
    changed = false;
    push(clients);
  }, PUSH_EVERY_MS);
  /** Calls `list` now and every `everyMs`, handing each answer to `set`; a failed call keeps what the page shows. */
  const poll = <T>(what: string, list: (() => Promise<T>) | undefined, set: (value: T) => void, everyMs: number): NodeJS.Timeout => {
    const refresh = async (): Promise<void> => {
      if (list === undefined) return;
      try {
        set(await list());
        changed = true;
      } catch (err) {
        o.log.warn({ err }, `could not list ${what}`);
      }
    };
    void refresh();
    return setInterval(() => void refresh(), everyMs);
  };
  const pollers = [
    poll('incidents', o.listIncidents, (incidents) => state.setIncidents(incidents, Date.now()), o.incidentsEveryMs ?? 10_000),
    poll('KPIs', o.listKpis, (kpis) => state.setKpis(kpis, Date.now()), o.kpisEveryMs ?? 60_000),
  ];

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  ownHosts = new Set(['127.0.0.1', 'localhost', '[::1]'].map((host) => `${host}:${port}`));
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    close: async () => {
      clearInterval(pusher);
      for (const poller of pollers) clearInterval(poller);
      for (const res of clients) res.end();
      await consumer.disconnect();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
