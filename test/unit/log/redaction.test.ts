import assert from 'node:assert/strict';
import { redactSecrets } from '../../../src/log-redaction';

describe('log redaction', () => {
  it('replaces secret-named keys at any depth, in objects and arrays, and keeps the rest', () => {
    const record = {
      msg: 'worker configuration',
      a: { b: { c: { d: { password: 'p', SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: 'q', keep: 1 } } } },
      clients: [{ sasl: { mechanism: 'scram', password: 'r' } }, { apiKey: 's', taskToken: 't' }],
      summary: { passed: 3, failed: 0 },
      emailHashKey: 'u',
    };
    assert.deepEqual(redactSecrets(record, new Set(['emailHashKey'])), {
      msg: 'worker configuration',
      a: { b: { c: { d: { password: '[redacted]', SNOWFLAKE_PRIVATE_KEY_PASSPHRASE: '[redacted]', keep: 1 } } } },
      clients: [{ sasl: { mechanism: 'scram', password: '[redacted]' } }, { apiKey: '[redacted]', taskToken: '[redacted]' }],
      summary: { passed: 3, failed: 0 },
      emailHashKey: '[redacted]',
    });
  });

  it('stops at a depth bound, so a cyclic record cannot stall a log call', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.match(JSON.stringify(redactSecrets(cyclic)), /\[too deep\]/);
  });
});
