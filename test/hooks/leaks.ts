import { createHook } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Mocha runs without `exit: true`, so a socket, server, child process or timer a test forgot to close would keep the
 * run from ending. This hook remembers where each such resource was made, fails the run naming the ones still open
 * after the last test, and stops a process that still does not exit with the list of what holds it.
 */

/** Resource types that keep Node's event loop alive while open and referenced. */
const LOOP_HOLDERS = new Set([
  'Timeout',
  'TCPWRAP',
  'TCPSERVERWRAP',
  'TLSWRAP',
  'PIPEWRAP',
  'PIPESERVERWRAP',
  'PROCESSWRAP',
  'UDPWRAP',
  'FSEVENTWRAP',
  'STATWATCHER',
  'SIGNALWRAP',
  'WORKER',
]);
/** How long closing may take once the last test is done: sockets and child processes close a few ticks later. */
const CLOSE_GRACE_MS = 5_000;
/** How long the process may run after the report before the watchdog stops it (shorter for the hook's own test). */
const EXIT_GRACE_MS = Number(process.env.TEST_EXIT_GRACE_MS ?? 30_000);
/** Frames kept per resource: enough to get past node_modules to the test or source line that opened it. */
const STACK_FRAMES = 30;

interface Opened {
  readonly type: string;
  /** The test running when it was opened, if one was. */
  readonly test: string | undefined;
  readonly resource: { hasRef?: () => boolean };
  readonly stack: string;
}

const open = new Map<number, Opened>();
/** Off while this hook sets timers of its own. */
let recording = true;
let currentTest: string | undefined;

/** Runs `make` without recording what it opens. */
function unrecorded<T>(make: () => T): T {
  recording = false;
  try {
    return make();
  } finally {
    recording = true;
  }
}

createHook({
  init(asyncId, type, _trigger, resource) {
    if (!recording || !LOOP_HOLDERS.has(type)) return;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = STACK_FRAMES;
    const { stack = '' } = new Error();
    Error.stackTraceLimit = limit;
    open.set(asyncId, { type, test: currentTest, resource: resource as Opened['resource'], stack });
  },
  destroy(asyncId) {
    open.delete(asyncId);
  },
}).enable();

/** A stack's frames outside Node's internals and this file, innermost first. */
function callerFrames(stack: string): string[] {
  return stack
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => !line.includes('node:') && !line.includes(__filename));
}

/** The first frames of a stack outside Node's internals and this file: where the code opened the resource. */
function openedAt(stack: string): string {
  const frames = callerFrames(stack);
  const ours = frames.filter((line) => !line.includes('node_modules'));
  return [...new Set([...frames.slice(0, 1), ...ours.slice(0, 3)])].join('\n      ');
}

/** Mocha's own timers (a runnable's timeout), which it clears itself. */
function mochas(stack: string): boolean {
  return callerFrames(stack)[0]?.includes('node_modules/mocha/') ?? false;
}

function describe(o: Opened): string {
  const during = o.test === undefined ? 'outside a test (at load time or in a before/after hook)' : `during "${o.test}"`;
  const at = openedAt(o.stack);
  return `${o.type} opened ${during}${at === '' ? ' (no JavaScript frame: opened asynchronously)' : `\n      ${at}`}`;
}

/** The resources still open that keep the process alive, each with where it was opened. */
export function loopHolders(): string[] {
  return (
    [...open.values()]
      // A TLS wrap's destroy is reported only when it is collected; the TCP socket under it is what holds the loop,
      // and that is recorded and closed on its own.
      .filter((o) => o.type !== 'TLSWRAP')
      .filter((o) => o.resource.hasRef?.() ?? true)
      .filter((o) => !isStdio(o.resource) && !mochas(o.stack))
      .map(describe)
  );
}

function isStdio(resource: unknown): boolean {
  return [process.stdin, process.stdout, process.stderr].some((s) => (s as unknown as { _handle?: unknown })._handle === resource);
}

/** Ends a process the loop still holds after the grace period, printing what holds it. */
function armWatchdog(): void {
  unrecorded(() =>
    setTimeout(() => {
      const holders = loopHolders();
      const native = process.getActiveResourcesInfo().join(', ');
      process.stderr.write(
        `\nThe test process did not exit ${EXIT_GRACE_MS / 1000} s after the leak report. Still open:\n  ${holders.join('\n  ') || '(none from JavaScript)'}\n` +
          `Active resources by type: ${native || 'none'}\n`,
      );
      process.exit(1);
    }, EXIT_GRACE_MS).unref(),
  );
}

export const mochaHooks = {
  beforeEach(this: Mocha.Context): void {
    currentTest = this.currentTest?.fullTitle();
  },
  afterEach(): void {
    currentTest = undefined;
  },
  async afterAll(this: Mocha.Context): Promise<void> {
    // Mocha's timer for this hook is itself a timer: without a timeout there is none to report.
    this.timeout(0);
    const deadline = Date.now() + CLOSE_GRACE_MS;
    while (loopHolders().length > 0 && Date.now() < deadline) await unrecorded(() => sleep(100));
    const holders = loopHolders();
    armWatchdog();
    if (holders.length > 0) throw new Error(`tests left open what keeps the process alive:\n  ${holders.join('\n  ')}`);
  },
};
