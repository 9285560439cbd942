// `npm run schedules:scripts`: writes temporal/*.sh from the schedules as code (src/temporal/schedule-scripts.ts).
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCHEDULE_SCRIPTS, renderScheduleScript } from './schedule-scripts';

async function main(): Promise<void> {
  const root = join(__dirname, '..', '..');
  for (const script of SCHEDULE_SCRIPTS) {
    const path = join(root, script.path);
    await writeFile(path, renderScheduleScript(script));
    await chmod(path, 0o755);
    console.log(`wrote ${script.path}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
