import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rawSchemasFileText } from '../../../../src/domain/etl/glue-run';
import { DATASETS } from '../../../../src/domain/lake';

describe('the Glue job’s shipped raw schemas', () => {
  it('keeps glue/raw_schemas.json in step with the dataset definitions', () => {
    assert.equal(
      readFileSync('glue/raw_schemas.json', 'utf8'),
      rawSchemasFileText(),
      'regenerate with: npx streamify glue schemas > glue/raw_schemas.json',
    );
  });

  it('gives every column of every raw dataset, instants as TIMESTAMP_LTZ', () => {
    const schemas = JSON.parse(rawSchemasFileText()) as Record<string, string>;
    assert.deepEqual(Object.keys(schemas), Object.keys(DATASETS));
    assert.equal(schemas.alerts?.split(', ').length, DATASETS.alerts.columns.length);
    assert.match(schemas.alerts ?? '', /^alert_id STRING, .*rules ARRAY<STRING>, .*event_time TIMESTAMP_LTZ, detected_at TIMESTAMP_LTZ, /);
  });
});
