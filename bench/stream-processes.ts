import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Admin } from 'kafkajs';
import { groupLag, highWatermarks, inputGroups } from '../src/adapters/kafka/group-lag';
import { topicsOf, type Config } from '../src/config';
import { DLQ_SUFFIX } from '../src/config/topics';

/**
 * Settings naming topics, consumer groups and a lake of one run only (`<prefix>-…-<stamp>`), so that a benchmark
 * run as processes neither reads nor disturbs anyone else's topics, groups or lake.
 */
export function privateStreamEnv(prefix: string, stamp: string, dir: string): Record<string, string> {
  return {
    KAFKA_TOPIC_SALES: `${prefix}-sales-${stamp}`,
    KAFKA_TOPIC_ACTIVITY: `${prefix}-activity-${stamp}`,
    KAFKA_TOPIC_FRAUD: `${prefix}-alerts-${stamp}`,
    KAFKA_TOPIC_ANALYTICS: `${prefix}-analytics-${stamp}`,
    KAFKA_TOPIC_RULES: `${prefix}-rules-${stamp}`,
    KAFKA_TOPIC_INCIDENTS: `${prefix}-incidents-${stamp}`,
    FRAUD_CONSUMER_GROUP: `${prefix}-fraud-${stamp}`,
    ANALYTICS_CONSUMER_GROUP: `${prefix}-analytics-${stamp}`,
    LAKE_CONSUMER_GROUP: `${prefix}-lake-${stamp}`,
    LAKE_URL: `file://${join(dir, 'lake')}`,
    FRAUD_METRICS_PORT: '0',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'info',
  };
}

/** A `streamify` command running as a child process, its stderr in a log file. */
export interface StreamifyProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** The last lines of its log, for an error message. */
  logTail(): string;
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<void>;
}

/** Starts `streamify <args>` with `env` added, and waits until its log says `ready` (it fails if it exits first). */
export async function startStreamify(
  args: readonly string[],
  env: Record<string, string>,
  logFile: string,
  ready: string,
): Promise<StreamifyProcess> {
  const child = spawn(process.execPath, ['bin/streamify.js', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', openSync(logFile, 'a')],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const logTail = (): string => readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  while (!readFileSync(logFile, 'utf8').includes(ready)) {
    if (child.exitCode !== null) throw new Error(`streamify ${args.join(' ')} exited at start:\n${logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { child, exited, logTail, stop };
}

/** Resident memory of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

/** Clock ticks per second of /proc's CPU times: 100 on every Linux this runs on. */
const CLOCK_TICKS = 100;

/** CPU seconds (user and system, all threads) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  // The command name (2nd field) may hold spaces; the fields after its closing parenthesis do not.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Each input group's lag and the messages its topics hold; a group that has committed nothing lags by everything. */
export async function groupPositions(admin: Admin, config: Config): Promise<Record<string, { lag: number; input: number }>> {
  const byGroup: Record<string, { lag: number; input: number }> = {};
  for (const { groupId, topics } of inputGroups(config)) {
    let lag = 0;
    let input = 0;
    for (const topic of topics) {
      const high = await highWatermarks(admin, topic);
      const held = [...high.values()].reduce((a, b) => a + b, 0);
      input += held;
      lag += (await groupLag(admin, groupId, topic, high)) ?? held;
    }
    byGroup[groupId] = { lag, input };
  }
  return byGroup;
}

/** Deletes every topic the configuration names; for cleaning up a run's private topics. */
export async function deleteConfiguredTopics(admin: Admin, config: Config): Promise<void> {
  const topics = topicsOf(config);
  await admin
    .deleteTopics({
      topics: [
        topics.sales,
        topics.activity,
        topics.fraud,
        topics.analytics,
        topics.analyticsPanes,
        topics.analyticsLate,
        topics.rules,
        topics.dlq.sales,
        topics.dlq.activity,
        topics.dlq.fraud,
        // The analytics consumer's own dead letters: not among the configured topics, named like the others.
        `${topics.analytics}${DLQ_SUFFIX}`,
      ],
    })
    .catch(() => undefined);
}
