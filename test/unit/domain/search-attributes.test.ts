import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../../src/domain/search-attributes';

describe('the custom search attributes', () => {
  it('are the ones docker-compose.yml starts its dev server with, as `streamify stack up` does', () => {
    const compose = readFileSync(join(__dirname, '..', '..', '..', 'docker-compose.yml'), 'utf8');
    const registered = Object.fromEntries([...compose.matchAll(/--search-attribute=(\w+)=(\w+)/g)].map(([, name, kind]) => [name, kind]));
    assert.deepEqual(registered, CUSTOM_SEARCH_ATTRIBUTES);
  });

  it('include the gate state, so gates awaiting an override can be listed', () => {
    assert.equal(CUSTOM_SEARCH_ATTRIBUTES.DataQualityGateState, 'Keyword');
  });
});
