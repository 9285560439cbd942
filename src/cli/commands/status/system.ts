import { statfs } from 'node:fs/promises';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import type { StatusRow } from './row';

const percent = (x: number): string => `${(x * 100).toFixed(0)}%`;

/** CPU load, memory and the disk holding the working directory. */
export async function systemStatus(): Promise<StatusRow[]> {
  const load = (loadavg()[0] ?? 0) / Math.max(1, cpus().length);
  const memoryUsed = 1 - freemem() / totalmem();
  const disk = await statfs('.');
  const diskFree = disk.bavail / disk.blocks;
  return [
    {
      area: 'system',
      name: 'cpu load (1 min, per core)',
      value: load.toFixed(2),
      health: load > 2 ? 'warn' : 'ok',
      detail: `${cpus().length} cores`,
    },
    {
      area: 'system',
      name: 'memory used',
      value: percent(memoryUsed),
      health: memoryUsed > 0.95 ? 'warn' : 'ok',
      detail: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    },
    {
      area: 'system',
      name: 'disk free',
      value: percent(diskFree),
      health: diskFree < 0.05 ? 'fail' : diskFree < 0.15 ? 'warn' : 'ok',
      detail: `${((disk.bavail * disk.bsize) / 2 ** 30).toFixed(1)} GiB free where Streamify runs`,
    },
  ];
}
