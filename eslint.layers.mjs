// Who may import whom in src/ (docs/ARCHITECTURE.md), as eslint `no-restricted-imports` blocks: a wrong import fails
// `npm run lint`, and so `npm test`. Each layer names the layers it may import; every other top-level folder or file of
// src/ is refused, and so are the packages of the outside systems it must not touch.
//
// Imports are relative, so a pattern must know how far a file is from src/: `../temporal` from src/adapters/kafka/ is
// adapters/temporal, from src/streaming/ it is the Temporal client side. Each layer therefore gets one block per depth,
// whose regex climbs exactly that many `../` before naming a top-level folder.

/** The top-level folders and files of src/ that a layer may or may not import. */
const LAYERS = [
  'domain',
  'config',
  'log',
  'log-redaction',
  'adapters',
  'activities',
  'workflows',
  'streaming',
  'stack',
  'dashboard',
  'temporal',
  'worker',
  'cli',
  'demo',
];

/** Packages that do I/O or talk to an outside system. */
const OUTSIDE_SYSTEMS = [
  '@temporalio/*',
  'kafkajs',
  '@duckdb/*',
  '@aws-sdk/*',
  'snowflake-sdk',
  'snappy',
  'prom-client',
  'pino',
  'pino-pretty',
  'commander',
  'dotenv',
];
const NODE_IO = ['fs', 'net', 'http', 'https', 'child_process', 'worker_threads', 'dgram', 'dns', 'tls', 'os'].flatMap((m) => [
  m,
  `node:${m}`,
  `node:${m}/*`,
]);
/** What only the worker process, the Temporal side of a workflow, or a command line may use. */
const ENTRY_POINT_PACKAGES = ['@temporalio/workflow', '@temporalio/activity', '@temporalio/worker', 'commander'];
const BASE = ['domain', 'config', 'log', 'log-redaction'];

/**
 * Each layer: the layers it may import (`may`), those it may import as types only (`typesOnly`), the packages it
 * must not use, and why. cli and demo are the entry points: they may import anything, and nothing but each other
 * imports them.
 */
export const LAYER_RULES = [
  { layer: 'domain', may: [], packages: [...OUTSIDE_SYSTEMS, ...NODE_IO], why: 'the domain is pure logic: no I/O, no outside system' },
  { layer: 'config', may: ['domain'], packages: OUTSIDE_SYSTEMS, why: 'config reads the environment and nothing else' },
  { layer: 'log-redaction', may: [], packages: OUTSIDE_SYSTEMS, why: 'the redaction is pure' },
  { layer: 'log', may: ['config', 'log-redaction'], packages: [], why: 'the logger sits under every layer that logs' },
  { layer: 'adapters', may: BASE, packages: ENTRY_POINT_PACKAGES, why: 'an adapter wraps one outside system for the layers above' },
  {
    layer: 'activities',
    may: [...BASE, 'adapters'],
    packages: ['@temporalio/workflow', '@temporalio/worker', 'commander'],
    why: 'activities work through adapters and know no workflow, consumer or command',
  },
  {
    layer: 'workflows',
    may: ['domain'],
    typesOnly: ['activities'],
    packages: [
      '@temporalio/*',
      '!@temporalio/workflow',
      '!@temporalio/common',
      ...OUTSIDE_SYSTEMS.filter((p) => p !== '@temporalio/*'),
      'node:*',
      ...NODE_IO,
      'crypto',
      'path',
    ],
    why: 'workflows replay deterministically: no I/O, activities as types only (proxyActivities)',
  },
  {
    layer: 'streaming',
    may: [...BASE, 'adapters'],
    packages: ['@temporalio/*', 'commander'],
    why: 'the consumers wrap the domain in Kafka and know nothing of Temporal',
  },
  { layer: 'stack', may: [...BASE, 'adapters'], packages: ENTRY_POINT_PACKAGES, why: 'the local stack provisions and probes services' },
  { layer: 'dashboard', may: [...BASE, 'adapters'], packages: ENTRY_POINT_PACKAGES, why: 'the dashboard reads through adapters' },
  {
    layer: 'temporal',
    may: [...BASE, 'adapters', 'workflows'],
    typesOnly: ['activities'],
    packages: ENTRY_POINT_PACKAGES,
    why: 'the Temporal client side starts workflows by their functions and knows no command line',
  },
  {
    layer: 'worker',
    may: [...BASE, 'adapters', 'activities', 'stack'],
    packages: ['commander'],
    why: "the worker composes the adapters (the local stack's PySpark among them) and loads workflows by path, never by import",
  },
];

/** Files directly in src/ rather than folders. */
const FILES = new Set(['worker', 'log', 'log-redaction']);
/** Deepest folder nesting under a layer that the blocks cover (src/cli/commands/status/ is 3). */
const MAX_DEPTH = 6;

/** The eslint config blocks of one layer: one per depth of its files. */
function layerBlocks({ layer, may, typesOnly = [], packages, why }) {
  const refused = LAYERS.filter((l) => l !== layer && !may.includes(l) && !typesOnly.includes(l));
  const depths = FILES.has(layer) ? [0] : Array.from({ length: MAX_DEPTH }, (_, i) => i + 1);
  return depths.map((depth) => {
    const up = depth === 0 ? '\\./' : `(\\.\\./){${depth}}`;
    const patterns = [
      { regex: `^${up}(${refused.join('|')})(/|$)`, message: `${layer} may import only ${may.join(', ') || 'itself'}: ${why}` },
      ...(typesOnly.length > 0
        ? [
            {
              regex: `^${up}(${typesOnly.join('|')})(/|$)`,
              allowTypeImports: true,
              message: `import ${typesOnly.join(', ')} with \`import type\`: ${why}`,
            },
          ]
        : []),
      ...(packages.length > 0 ? [{ group: packages, message: `not in ${layer}: ${why}` }] : []),
    ];
    return {
      files: [depth === 0 ? `src/${layer}.ts` : `src/${layer}/${'*/'.repeat(depth - 1)}*.ts`],
      rules: { 'no-restricted-imports': ['error', { patterns }] },
    };
  });
}

/** Every layer's blocks, for eslint.config.mjs and the test that proves a wrong import fails. */
export const layerImportRules = LAYER_RULES.flatMap(layerBlocks);
