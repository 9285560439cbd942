import { z } from 'zod';
import { describeIssues, type Validation } from '../events/schema';
import type { PaneReport } from './pane-builder';

/**
 * A record of the pane topic: a partition's report, or the window stage's note of what it has emitted. The
 * pane stage writes them, but the topic is a topic like any other: whoever may write to it can put anything
 * there, and the window stage must neither throw on nor count what is not one.
 */
export type PaneRecord = { kind: 'report'; report: PaneReport } | { kind: 'emitted'; throughStartMs: number };

// Bounds well above what the input schema (events/schema.ts) lets into a pane: ids and names of at most 256 characters.
const count = z.number().int().nonnegative();
const epochMs = z.number().int().min(0).max(8.64e15);
const key = z.string().max(256);
const tally = z.object({ revenueCents: count, units: count, transactions: count });
const tallies = z.array(z.tuple([key, tally])).readonly();

const paneSnapshot = z.object({
  index: z.number().int(),
  revenueCents: count,
  transactions: count,
  alerts: count,
  lateEvents: count,
  viewedSessions: z.array(key).readonly(),
  buyingSessions: z.array(key).readonly(),
  categories: tallies,
  products: z.array(z.tuple([key, tally.extend({ name: z.string().max(512) })])).readonly(),
  countries: tallies,
  cities: tallies,
  paymentMethods: tallies,
});

const paneRecordSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('report'),
    report: z.object({
      source: z.string().min(1).max(300),
      watermarkMs: epochMs,
      panes: z.array(paneSnapshot).readonly(),
      late: z.array(z.object({ pane: z.number().int(), count })).readonly(),
    }),
  }),
  z.object({ kind: z.literal('emitted'), throughStartMs: epochMs }),
]);

/** Validates a decoded record of the pane topic. */
export function validatePaneRecord(input: unknown): Validation<PaneRecord> {
  const parsed = paneRecordSchema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: describeIssues(parsed.error) };
}
