import type { MockActivityEnvironment } from '@temporalio/testing';

/** Runs activities in a mock environment, typed by the activity itself (the SDK's `run` infers its result as unknown). */
export function activityRunner(env: MockActivityEnvironment) {
  return <A extends unknown[], R>(activity: (...args: A) => Promise<R>, ...args: A): Promise<R> => env.run(activity, ...args) as Promise<R>;
}
