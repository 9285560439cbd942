import { Readable } from 'node:stream';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { S3Client } from '@aws-sdk/client-s3';
import { AWS_HTTP_TIMEOUTS } from '../../src/adapters/aws/sdk-retries';

/** What an AWS call can meet instead of the service's answer. */
export type AwsFault = 'throttled' | 'server-error' | 'timeout' | 'access-denied';

type Service = 's3' | 'glue';
type ErrorAnswer = { readonly status: number; readonly code: string; readonly message: string };

/** The answers S3 (REST-XML) and Glue (JSON 1.1) give for each fault, as the services document them. */
const ANSWERS: Record<Exclude<AwsFault, 'timeout'>, Record<Service, ErrorAnswer>> = {
  throttled: {
    s3: { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' },
    glue: { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
  },
  'server-error': {
    s3: { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
    glue: { status: 500, code: 'InternalServiceException', message: 'Internal service exception' },
  },
  'access-denied': {
    s3: { status: 403, code: 'AccessDenied', message: 'Access Denied' },
    glue: { status: 400, code: 'AccessDeniedException', message: 'User is not authorized to perform this operation' },
  },
};

function httpAnswer(service: Service, { status, code, message }: ErrorAnswer) {
  const [contentType, body] =
    service === 's3'
      ? ['application/xml', `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`]
      : ['application/x-amz-json-1.1', JSON.stringify({ __type: code, message })];
  return {
    statusCode: status,
    headers: { 'content-type': contentType, ...(service === 'glue' ? { 'x-amzn-errortype': code } : {}) },
    body: Readable.from([Buffer.from(body)]),
  };
}

/** The error the SDK's Node HTTP handler raises when a connection stays silent past AWS_HTTP_TIMEOUTS.socketTimeout. */
function socketTimeout(): Error {
  const message = `@smithy/node-http-handler - the request socket timed out after ${AWS_HTTP_TIMEOUTS.socketTimeout} ms of inactivity (configured by client requestHandler).`;
  return Object.assign(new Error(message), { name: 'TimeoutError' });
}

/** The HTTP attempts a client made, and the faults it is still to meet. */
export interface InjectedFaults {
  /** Every HTTP attempt, by command name (`ListObjectsV2Command`), faulted or not, SDK retries included. */
  readonly attempts: string[];
  /** The next attempts of `command` meet these faults, in order; later ones reach the service. */
  failNext(command: string, ...faults: AwsFault[]): void;
}

/**
 * Adds a middleware to a real client, below the SDK's retry and deserializer middlewares: an attempt that is to fail
 * gets the service's HTTP error answer (or the handler's timeout) instead of the real one, so the SDK's own parsing
 * and retry strategy see exactly what they would see from AWS; every other attempt goes to the real endpoint.
 */
export function injectAwsFaults(client: S3Client | GlueClient, service: Service): InjectedFaults {
  const attempts: string[] = [];
  const pending = new Map<string, AwsFault[]>();
  // The stack's types are per client; this middleware only reads the context and returns a raw HTTP answer.
  const stack = client.middlewareStack as unknown as {
    add(middleware: unknown, options: { step: 'deserialize'; priority: 'low'; name: string }): void;
  };
  stack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName: string }) => async (args: unknown) => {
      attempts.push(context.commandName);
      const fault = pending.get(context.commandName)?.shift();
      if (fault === undefined) return next(args);
      if (fault === 'timeout') throw socketTimeout();
      return { response: httpAnswer(service, ANSWERS[fault][service]), output: undefined };
    },
    { step: 'deserialize', priority: 'low', name: 'injectAwsFaults' },
  );
  return {
    attempts,
    failNext(command, ...faults) {
      pending.set(command, [...(pending.get(command) ?? []), ...faults]);
    },
  };
}
