import type { Command } from 'commander';
import { createKafka } from '../../adapters/kafka/client';
import { ensureConfiguredTopics } from '../../adapters/kafka/topics';
import { commandContext } from '../context';
import { formatTable } from '../table';

/** `streamify topics create`: the streams, the compacted rules topic and the dead-letter topics. */
export function registerTopicCommands(program: Command): void {
  const topics = program.command('topics').description('manage the Kafka topics Streamify uses');
  topics
    .command('create')
    .description('create the missing topics (partitions from KAFKA_TOPIC_PARTITIONS); safe to run again')
    .action(async () => {
      const { config } = commandContext('topics');
      const outcomes = await ensureConfiguredTopics(createKafka(config), config);
      console.log(
        formatTable(
          ['topic', 'partitions', 'action'],
          outcomes.map((o) => [o.topic, String(o.partitions), o.created ? 'created' : 'exists']),
        ),
      );
    });
}
