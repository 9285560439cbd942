import { InvalidArgumentError, type Command } from 'commander';
import { topicsOf } from '../../config';
import { createKafka } from '../../adapters/kafka/client';
import { ensureConfiguredTopics } from '../../adapters/kafka/topics';
import { usersToSustain } from '../../domain/generator';
import { produceEvents, type ProduceStats } from '../../streaming/produce';
import { commandContext } from '../context';
import { durationFlag } from '../flags';
import { addGeneratorFlags, generatorOptions, numberIn, parseTime, type GeneratorFlags } from '../generator-options';
import { interruptSignal } from '../interrupt';
import { ProgressLine } from '../progress';

interface ProduceFlags extends GeneratorFlags {
  count?: number;
  duration?: number;
  simulated?: boolean;
  start?: number;
  batchSize: number;
}

function describe(stats: Readonly<ProduceStats>): string {
  const seconds = Math.max(0.001, (Date.now() - stats.startedAtMs) / 1000);
  return `${Math.round(stats.sent / seconds).toLocaleString('en-US')} events/s  sent ${stats.sent.toLocaleString('en-US')}  (purchases ${stats.purchases.toLocaleString('en-US')}, fraud ${stats.fraud.toLocaleString('en-US')})  errors ${stats.errors}`;
}

/** `streamify produce`: generated traffic into sales_stream and user_activity. */
export function registerProduceCommand(program: Command): void {
  const command = program
    .command('produce')
    .description('send generated transactions and activity, fraud injected and labelled, to Kafka')
    .option('--count <n>', 'stop after this many events', numberIn(1, Number.MAX_SAFE_INTEGER, true))
    .option(
      '--duration <d>',
      'stop after this span of event time (30s, 5m, 1h); without --count or --duration, run until Ctrl-C',
      durationFlag,
    )
    .option('--simulated', 'simulated event time: start at --start and send as fast as the broker takes it')
    .option('--start <time>', 'event time of the first event with --simulated (ISO-8601; default now)', parseTime)
    .option('--batch-size <n>', 'messages per produce request', numberIn(1, 100_000, true), 4000);
  addGeneratorFlags(command).action(async (flags: ProduceFlags) => {
    if (flags.count !== undefined && flags.duration !== undefined) throw new InvalidArgumentError('give --count or --duration, not both');
    if (flags.start !== undefined && !flags.simulated) throw new InvalidArgumentError('--start needs --simulated (real time starts now)');
    const { config, log } = commandContext('produce');
    const kafka = createKafka(config);
    await ensureConfiguredTopics(kafka, config);

    const startMs = flags.simulated ? (flags.start ?? Date.now()) : Date.now();
    const options = generatorOptions(flags, startMs);
    if (options.users < usersToSustain(options.ratePerSecond)) {
      log.warn(
        { users: options.users, rate: options.ratePerSecond, needed: usersToSustain(options.ratePerSecond) },
        'too few users for the rate: the stream will be thinner than asked (raise --users)',
      );
    }
    const topics = topicsOf(config);
    const progress = new ProgressLine();
    const signal = interruptSignal(() => log.info('stopping: flushing what is buffered'));
    log.info(
      {
        topics: [topics.sales, topics.activity],
        seed: flags.seed,
        rate: flags.rate,
        mode: flags.simulated ? 'simulated' : 'real time',
        start: new Date(startMs).toISOString(),
      },
      'producing',
    );
    const stats = await produceEvents({
      kafka,
      topics,
      generator: options,
      realTime: !flags.simulated,
      count: flags.count,
      durationMs: flags.duration,
      signal,
      batchSize: flags.batchSize,
      onProgress: (s) => progress.update(describe(s)),
    });
    progress.done();
    console.log(`produced: ${describe(stats)}`);
    console.log(
      `  ${stats.purchases.toLocaleString('en-US')} to ${topics.sales}, ${stats.activity.toLocaleString('en-US')} to ${topics.activity}, in ${stats.batches} batches`,
    );
  });
}
