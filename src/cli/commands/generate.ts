import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Option, type Command } from 'commander';
import { EventGenerator } from '../../domain/generator';
import { addGeneratorFlags, generatorOptions, numberIn, parseTime, type GeneratorFlags } from '../generator-options';

interface GenerateFlags extends GeneratorFlags {
  count: number;
  out: string;
  start: number;
}

/** Event time of generated files when --start is not given: fixed, so that a seed alone reproduces a file. */
export const DEFAULT_FILE_START = '2026-01-01T00:00:00.000Z';

/** `streamify generate`: the same events as `produce`, into a JSONL file. */
export function registerGenerateCommand(program: Command): void {
  const command = program
    .command('generate')
    .description('write generated events as JSONL to a file (for backtests and tests), in event-time order')
    .requiredOption('--count <n>', 'number of events', numberIn(1, Number.MAX_SAFE_INTEGER, true))
    .option('--out <file>', 'output file, - for stdout', '-')
    // Help shows the default as the ISO time it is, not as the epoch milliseconds the option holds.
    .addOption(
      new Option('--start <time>', 'event time of the first event (ISO-8601)')
        .argParser(parseTime)
        .default(Date.parse(DEFAULT_FILE_START), DEFAULT_FILE_START),
    );
  addGeneratorFlags(command).action(async (flags: GenerateFlags) => {
    const generator = new EventGenerator(generatorOptions(flags, flags.start));
    const out = flags.out === '-' ? process.stdout : createWriteStream(flags.out);
    let chunk = '';
    for (let i = 0; i < flags.count; i++) {
      chunk += `${JSON.stringify(generator.next().event)}\n`;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    out.write(chunk);
    if (out !== process.stdout) {
      out.end();
      await once(out, 'finish');
      console.error(`wrote ${flags.count.toLocaleString('en-US')} events to ${flags.out}`);
    }
  });
}
