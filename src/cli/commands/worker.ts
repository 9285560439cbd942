import type { Command } from 'commander';
import { TASK_QUEUE, requireOwnEmailKey } from '../../config';
import { runWorker } from '../../worker';
import { commandContext } from '../context';
import { interruptSignal } from '../interrupt';

/** `streamify worker`: the Temporal worker of every workflow and activity, until Ctrl-C. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(`run the Temporal worker of every Streamify workflow and activity (task queue "${TASK_QUEUE}") until Ctrl-C`)
    .option('--task-queue <name>', 'poll another task queue, e.g. to try a change beside a running worker', TASK_QUEUE)
    .action(async (flags: { taskQueue: string }) => {
      const { config, log } = commandContext('worker');
      requireOwnEmailKey(config);
      const signal = interruptSignal(() => log.info('stopping: letting activities under way finish (Ctrl-C again exits at once)'));
      await runWorker(config, log, signal, flags.taskQueue);
    });
}
