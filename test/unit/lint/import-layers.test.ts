import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

/** The messages of the layer rules for one line of source placed at `filePath` (nothing is written to disk). */
async function importErrors(filePath: string, source: string): Promise<string[]> {
  const { layerImportRules } = await import('../../../eslint.layers.mjs');
  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layerImportRules],
  });
  const [result] = await eslint.lintText(`${source}\n`, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('who may import whom (eslint no-restricted-imports)', () => {
  it('refuses an adapter, a command or a Kafka client in the domain', async () => {
    assert.match(
      (await importErrors('src/domain/fraud/probe.ts', "import { openLakeStore } from '../../adapters/lake';"))[0] ?? '',
      /domain may import only itself/,
    );
    assert.equal((await importErrors('src/domain/probe.ts', "import { x } from '../cli/context';")).length, 1);
    assert.equal((await importErrors('src/domain/probe.ts', "import { Kafka } from 'kafkajs';")).length, 1);
    assert.equal((await importErrors('src/domain/probe.ts', "import { readFileSync } from 'node:fs';")).length, 1);
  });

  it('tells a folder of the same layer from a top-level folder of the same name by its depth', async () => {
    assert.deepEqual(await importErrors('src/domain/lake/probe.ts', "import { x } from '../dashboard';"), []);
    assert.deepEqual(await importErrors('src/adapters/kafka/probe.ts', "import { x } from '../temporal/connection';"), []);
    assert.equal((await importErrors('src/adapters/kafka/probe.ts', "import { x } from '../../temporal/schedules';")).length, 1);
    assert.equal((await importErrors('src/streaming/probe.ts', "import { x } from '../temporal/schedules';")).length, 1);
  });

  it('lets workflows import activities as types only, and no Node built-in', async () => {
    assert.deepEqual(await importErrors('src/workflows/probe.ts', "import type { Activities } from '../activities';"), []);
    assert.match(
      (await importErrors('src/workflows/probe.ts', "import { createActivities } from '../activities';"))[0] ?? '',
      /import type/,
    );
    assert.equal((await importErrors('src/workflows/probe.ts', "import { hash } from 'node:crypto';")).length, 1);
    assert.equal((await importErrors('src/workflows/probe.ts', "import { Client } from '@temporalio/client';")).length, 1);
    assert.deepEqual(await importErrors('src/workflows/probe.ts', "import { proxyActivities } from '@temporalio/workflow';"), []);
  });

  it('keeps commands out of every layer below them, and Temporal out of the stream consumers', async () => {
    assert.equal((await importErrors('src/activities/probe.ts', "import { x } from '../cli/context';")).length, 1);
    assert.equal((await importErrors('src/adapters/lake/probe.ts', "import { x } from '../../streaming/lake-sink';")).length, 1);
    assert.equal((await importErrors('src/streaming/probe.ts', "import { Client } from '@temporalio/client';")).length, 1);
    assert.equal((await importErrors('src/worker.ts', "import { x } from './workflows';")).length, 1);
    assert.deepEqual(await importErrors('src/cli/commands/probe.ts', "import { x } from '../../streaming/lake-sink';"), []);
  });
});
