import type { IHeaders, KafkaMessage, Message } from 'kafkajs';

/** Headers a dead letter carries: where the original came from and why it was refused. */
export const DLQ_HEADERS = {
  reason: 'streamify.dlq.reason',
  topic: 'streamify.dlq.topic',
  partition: 'streamify.dlq.partition',
  offset: 'streamify.dlq.offset',
} as const;

/** Longest reason kept: a hostile message must not make its dead letter huge. */
const MAX_REASON_LENGTH = 500;

/** A refused input message as it goes to the dead-letter topic: the original key and bytes, with the reason in headers. */
export function deadLetter(source: { topic: string; partition: number }, message: KafkaMessage, reason: string): Message {
  const headers: IHeaders = {
    ...message.headers,
    [DLQ_HEADERS.reason]: reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH)}…` : reason,
    [DLQ_HEADERS.topic]: source.topic,
    [DLQ_HEADERS.partition]: String(source.partition),
    [DLQ_HEADERS.offset]: message.offset,
  };
  return { key: message.key, value: message.value, headers };
}

/** The reason a dead letter carries, as text. */
export function deadLetterReason(message: KafkaMessage): string | undefined {
  const value = message.headers?.[DLQ_HEADERS.reason];
  return value === undefined ? undefined : String(value);
}
