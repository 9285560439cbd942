import assert from 'node:assert/strict';
import type { Column } from '../../../../src/domain/lake/datasets';
import { describeDrift, schemaDrift } from '../../../../src/domain/quality/schema-drift';

const CONTRACT: Column[] = [
  { name: 'id', type: 'VARCHAR', nullable: false },
  { name: 'amount', type: 'DOUBLE', nullable: false },
  { name: 'event_time', type: 'TIMESTAMPTZ', nullable: false },
  { name: 'rules', type: 'VARCHAR[]', nullable: false },
];

describe('schema drift', () => {
  it('finds no drift when DESCRIBE reports the contract, spelling TIMESTAMPTZ in full', () => {
    const described = [
      { name: 'id', type: 'VARCHAR' },
      { name: 'amount', type: 'DOUBLE' },
      { name: 'event_time', type: 'TIMESTAMP WITH TIME ZONE' },
      { name: 'rules', type: 'VARCHAR[]' },
    ];
    assert.deepEqual(schemaDrift(CONTRACT, described), { missing: [], extra: [], changed: [] });
  });

  it('reports missing, retyped and extra columns, missing first', () => {
    const described = [
      { name: 'id', type: 'VARCHAR' },
      { name: 'amount', type: 'VARCHAR' },
      { name: 'event_time', type: 'TIMESTAMP' },
      { name: 'note', type: 'VARCHAR' },
    ];
    const drift = schemaDrift(CONTRACT, described);
    assert.deepEqual(drift, {
      missing: ['rules'],
      extra: ['note'],
      changed: [
        { name: 'amount', expected: 'DOUBLE', actual: 'VARCHAR' },
        { name: 'event_time', expected: 'TIMESTAMPTZ', actual: 'TIMESTAMP' },
      ],
    });
    assert.deepEqual(describeDrift(drift), [
      'missing rules',
      'amount DOUBLE → VARCHAR',
      'event_time TIMESTAMPTZ → TIMESTAMP',
      'extra note',
    ]);
  });
});
