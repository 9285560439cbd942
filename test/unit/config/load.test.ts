import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConfigError, describeConfig, envExample, loadConfig } from '../../../src/config';
import { settings } from '../../../src/config/settings';

describe('configuration', () => {
  it('has a documented default for every setting that is not optional', () => {
    const c = loadConfig({});
    assert.equal(c.kafkaBootstrapServers, '127.0.0.1:9092');
    assert.equal(c.topicSales, 'sales_stream');
    assert.equal(c.topicPartitions, 6);
    assert.equal(c.warehouse, 'duckdb');
    assert.equal(c.glueMode, 'local');
    assert.equal(c.lakeUrl, 'file://.data/lake');
  });

  it('derives client addresses from the stack ports unless they are set', () => {
    assert.equal(loadConfig({ KAFKA_PORT: '19092' }).kafkaBootstrapServers, '127.0.0.1:19092');
    assert.equal(loadConfig({ TEMPORAL_PORT: '17233' }).temporalAddress, '127.0.0.1:17233');
    assert.equal(loadConfig({ KAFKA_PORT: '19092', KAFKA_BOOTSTRAP_SERVERS: 'kafka:9092' }).kafkaBootstrapServers, 'kafka:9092');
  });

  it('names every bad setting and the value it got', () => {
    assert.throws(
      () => loadConfig({ KAFKA_TOPIC_PARTITIONS: 'six', WAREHOUSE: 'oracle', KAFKA_PORT: '70000' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.problems.length, 3);
        assert.match(err.message, /KAFKA_TOPIC_PARTITIONS="six"/);
        assert.match(err.message, /WAREHOUSE="oracle"/);
        assert.match(err.message, /KAFKA_PORT="70000"/);
        return true;
      },
    );
  });

  it('requires the Snowflake account and user when WAREHOUSE=snowflake', () => {
    assert.throws(() => loadConfig({ WAREHOUSE: 'snowflake' }), /SNOWFLAKE_ACCOUNT: required when WAREHOUSE=snowflake/);
    assert.doesNotThrow(() =>
      loadConfig({ WAREHOUSE: 'snowflake', SNOWFLAKE_ACCOUNT: 'acme', SNOWFLAKE_USER: 'etl', SNOWFLAKE_PASSWORD: 'pw' }),
    );
  });

  it('refuses GLUE_MODE=spark over an s3:// lake, naming LAKE_URL: the local Spark job reads and writes files', () => {
    assert.throws(
      () => loadConfig({ GLUE_MODE: 'spark', LAKE_URL: 's3://lake/prefix' }),
      /LAKE_URL: must be a file:\/\/ URL when GLUE_MODE=spark/,
    );
    assert.equal(loadConfig({ GLUE_MODE: 'spark', LAKE_URL: 'file:///tmp/lake' }).glueMode, 'spark');
  });

  it('never shows a secret, neither when printing nor in an error', () => {
    const shown = describeConfig(loadConfig({ SNOWFLAKE_PASSWORD: 'hunter2-secret' }));
    assert.ok(!JSON.stringify(shown).includes('hunter2-secret'));
    assert.deepEqual(
      shown.find((s) => s.name === 'SNOWFLAKE_PASSWORD'),
      { name: 'SNOWFLAKE_PASSWORD', value: '********' },
    );
  });

  it('keeps .env.example in step with the settings: every one documented', () => {
    const committed = readFileSync('.env.example', 'utf8');
    assert.equal(committed, envExample(), 'regenerate with: npx streamify config example > .env.example');
    for (const s of Object.values(settings)) assert.match(committed, new RegExp(`^# ${s.name}=`, 'm'));
  });
});
