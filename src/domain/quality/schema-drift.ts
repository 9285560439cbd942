import type { Column } from '../lake/datasets';

/** A column as DuckDB's DESCRIBE reports it. */
export interface DescribedColumn {
  readonly name: string;
  readonly type: string;
}

/** How a relation's columns differ from its contract. */
export interface SchemaDrift {
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  readonly changed: readonly { readonly name: string; readonly expected: string; readonly actual: string }[];
}

// DESCRIBE spells some types in full; the contract uses DuckDB's short names.
const SHORT_NAMES: Readonly<Record<string, string>> = { 'TIMESTAMP WITH TIME ZONE': 'TIMESTAMPTZ' };

const normalise = (type: string): string => {
  const upper = type.trim().toUpperCase();
  return SHORT_NAMES[upper] ?? upper;
};

/** Compares described columns with the contract's: missing, extra and retyped columns (nullability is not_null's concern). */
export function schemaDrift(contract: readonly Column[], described: readonly DescribedColumn[]): SchemaDrift {
  const actual = new Map(described.map((c) => [c.name, normalise(c.type)]));
  const expected = new Set(contract.map((c) => c.name));
  return {
    missing: contract.filter((c) => !actual.has(c.name)).map((c) => c.name),
    extra: described.filter((c) => !expected.has(c.name)).map((c) => c.name),
    changed: contract.flatMap((c) => {
      const type = actual.get(c.name);
      return type === undefined || type === normalise(c.type) ? [] : [{ name: c.name, expected: c.type, actual: type }];
    }),
  };
}

/** One line per difference, missing columns first: what a report shows as the failing "keys". */
export function describeDrift(drift: SchemaDrift): string[] {
  return [
    ...drift.missing.map((name) => `missing ${name}`),
    ...drift.changed.map((c) => `${c.name} ${c.expected} → ${c.actual}`),
    ...drift.extra.map((name) => `extra ${name}`),
  ];
}
