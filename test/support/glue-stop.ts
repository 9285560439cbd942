import { Readable } from 'node:stream';
import type { GlueClient } from '@aws-sdk/client-glue';

/** A BatchStopJobRun call a client made: the job and the runs it asked Glue to stop. */
export interface StopRequest {
  readonly JobName?: string;
  readonly JobRunIds?: string[];
}

/**
 * Answers a real client's BatchStopJobRun calls as Glue documents (every run listed under SuccessfulSubmissions),
 * below the SDK's serializer and deserializer, and records them. The stack's moto (5.2.5) does not implement the
 * call (it answers 500 with an HTML page), so this stands in for it; every other call reaches moto.
 */
export function answerBatchStopJobRun(client: GlueClient): StopRequest[] {
  const requests: StopRequest[] = [];
  // The stack's types are per client; this middleware only reads the context and returns a raw HTTP answer.
  const stack = client.middlewareStack as unknown as {
    add(middleware: unknown, options: { step: 'deserialize'; priority: 'low'; name: string }): void;
  };
  stack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName: string }) => async (args: { input: StopRequest }) => {
      if (context.commandName !== 'BatchStopJobRunCommand') return next(args);
      const { JobName, JobRunIds = [] } = args.input;
      requests.push({ JobName, JobRunIds: [...JobRunIds] });
      const body = JSON.stringify({ SuccessfulSubmissions: JobRunIds.map((JobRunId) => ({ JobName, JobRunId })), Errors: [] });
      const response = {
        statusCode: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: Readable.from([Buffer.from(body)]),
      };
      return { response, output: undefined };
    },
    { step: 'deserialize', priority: 'low', name: 'answerBatchStopJobRun' },
  );
  return requests;
}
