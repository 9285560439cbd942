import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { MAX_SEND_BYTES, messageBytes, RECORD_OVERHEAD_BYTES } from './message-size';

/** Headers a dead letter carries: where the original came from and why it was refused. */
export const DLQ_HEADERS = {
  reason: 'streamify.dlq.reason',
  topic: 'streamify.dlq.topic',
  partition: 'streamify.dlq.partition',
  offset: 'streamify.dlq.offset',
  /** Set when the original value was cut to fit the broker's limit: its length in bytes. */
  truncatedFrom: 'streamify.dlq.truncated-from',
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
  const letter = { key: message.key, value: message.value, headers };
  const over = messageBytes(letter) - MAX_SEND_BYTES;
  if (over <= 0 || message.value === null) return letter;
  // An original near the input topic's limit, with the headers added, would be refused by the dead-letter topic.
  const value = message.value.subarray(0, Math.max(0, message.value.length - over - RECORD_OVERHEAD_BYTES));
  return { key: message.key, value, headers: { ...headers, [DLQ_HEADERS.truncatedFrom]: String(message.value.length) } };
}

/** The reason a dead letter carries, as text. */
export function deadLetterReason(message: KafkaMessage): string | undefined {
  const value = message.headers?.[DLQ_HEADERS.reason];
  return value === undefined ? undefined : String(value);
}
