import { readdirSync, readFileSync } from 'node:fs';

/** Each living process's parent, read from /proc (Linux). */
function parents(): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name in parentheses may hold spaces; the fields after its closing parenthesis are state, ppid, …
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // It exited while we read.
    }
  }
  return parentOf;
}

/** The pids of a process's living descendants: children, their children, and so on. */
export function descendantsOf(pid: number): number[] {
  const parentOf = parents();
  const found: number[] = [];
  let generation = [pid];
  while (generation.length > 0) {
    const next = [...parentOf].filter(([, ppid]) => generation.includes(ppid)).map(([child]) => child);
    found.push(...next);
    generation = next;
  }
  return found;
}

/** Whether a process, or with a negative id a process group, still has a living member. */
export function alive(pidOrGroup: number): boolean {
  try {
    process.kill(pidOrGroup, 0);
    return true;
  } catch {
    return false;
  }
}
