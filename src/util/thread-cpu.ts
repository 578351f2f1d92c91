import { readFileSync } from 'node:fs';

let unavailable = false;

/**
 * CPU time the calling thread has run so far, in milliseconds (Linux:
 * /proc/thread-self/schedstat, nanoseconds); null where that is not available. Node 20 has
 * no per-thread counter (process.cpuUsage() is the whole process, every worker included),
 * and CPU time, unlike wall time, holds when other work shares the machine.
 */
export function threadCpuMs(): number | null {
  if (unavailable) return null;
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    unavailable = true;
    return null;
  }
}
