import type { Config } from './load';

/** The Temporal task queue every Streamify workflow and activity runs on. */
export const TASK_QUEUE = 'streamify';

/** Suffix of the dead-letter topic of each input topic. */
export const DLQ_SUFFIX = '.dlq';

/** The topic names of a configuration, with the dead-letter topics of the inputs. */
export interface Topics {
  readonly sales: string;
  readonly activity: string;
  readonly fraud: string;
  readonly analytics: string;
  /** Internal: the pane reports of every input partition, merged into global windows. */
  readonly analyticsPanes: string;
  /** Side output: inputs that came too late for their windows, with the reason. */
  readonly analyticsLate: string;
  /** Dead letters of the lake sink's windows: the analytics consumer wrote them, so one here is a bug to look at. */
  readonly analyticsDlq: string;
  readonly rules: string;
  readonly dlq: { readonly sales: string; readonly activity: string; readonly fraud: string };
}

/** Derives every topic name from the configuration, so each is defined once. */
export function topicsOf(c: Config): Topics {
  return {
    sales: c.topicSales,
    activity: c.topicActivity,
    fraud: c.topicFraud,
    analytics: c.topicAnalytics,
    analyticsPanes: `${c.topicAnalytics}.panes`,
    analyticsLate: `${c.topicAnalytics}.late`,
    analyticsDlq: c.topicAnalytics + DLQ_SUFFIX,
    rules: c.topicRules,
    dlq: { sales: c.topicSales + DLQ_SUFFIX, activity: c.topicActivity + DLQ_SUFFIX, fraud: c.topicFraud + DLQ_SUFFIX },
  };
}
