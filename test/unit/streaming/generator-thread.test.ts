import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { DEFAULT_GENERATOR_OPTIONS, EventGenerator } from '../../../src/domain/generator';
import { chunkMessage, FRAUD, GeneratorThread, PURCHASE, type EventChunk } from '../../../src/streaming/generator-thread';

const options = { ...DEFAULT_GENERATOR_OPTIONS, startMs: Date.parse('2026-11-25T12:00:00Z'), users: 500, fraudRate: 0.05 };

/** The next `count` events of a thread's stream, taken as a producer takes them. */
async function take(thread: GeneratorThread, count: number): Promise<{ chunk: EventChunk; i: number }[]> {
  const taken: { chunk: EventChunk; i: number }[] = [];
  while (taken.length < count) {
    const chunk = await thread.chunk();
    taken.push({ chunk, i: chunk.next });
    chunk.next += 1;
  }
  return taken;
}

describe('generator thread', function () {
  this.timeout(20_000);

  it('hands out the in-process generator’s events as Kafka messages, in order, across chunks and runs', async () => {
    const thread = await GeneratorThread.start(options);
    try {
      const taken = [...(await take(thread, 1_500)), ...(await take(thread, 1_700))];
      const expected = new EventGenerator(options).take(3_200);
      assert.ok(expected.some((e) => e.kind === 'purchase' && e.event.label?.is_fraud));
      taken.forEach(({ chunk, i }, n) => {
        const e = expected[n]!;
        const message = chunkMessage(chunk, i);
        assert.equal(message.key, e.event.user_id);
        assert.equal(String(message.value), JSON.stringify(e.event), `event ${n}`);
        assert.equal(chunk.timesMs[i], e.timeMs);
        const purchase = e.kind === 'purchase';
        assert.equal(chunk.flags[i], (purchase ? PURCHASE : 0) | (purchase && e.event.label?.is_fraud ? FRAUD : 0));
      });
    } finally {
      await thread.close();
    }
  });

  it('starts from any working directory (the CLI may run anywhere)', async () => {
    const cwd = process.cwd();
    process.chdir(tmpdir());
    try {
      const thread = await GeneratorThread.start(options);
      await thread.close();
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses bad options before starting, naming the option', async () => {
    await assert.rejects(
      GeneratorThread.start({ ...options, users: 3 }),
      /generator option users must be an integer of at least 10, got 3/,
    );
  });

  it('says it is closed when asked for events after close', async () => {
    const thread = await GeneratorThread.start(options);
    await take(thread, 10);
    await thread.close();
    await assert.rejects(take(thread, 1), /the generator thread is closed/);
  });
});
