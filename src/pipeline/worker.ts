/**
 * Worker-thread entry for the batch pool (piscina): one file's bytes in, its result out.
 * The parsing modules (pdfjs and the rest) are loaded once per worker and reused.
 *
 * Test hooks, read only here (so they can never fire in-process or in production use
 * unless set on purpose): each names a file by its base name.
 * - OFSTED_TEST_HANG_ON=<name>   the worker spins forever on that file (a timeout must end it)
 * - OFSTED_TEST_CRASH_ON=<name>[:throw|exit|oom]   the worker dies on that file: an exception
 *   thrown outside the task's promise (default), process.exit(3), or heap exhaustion
 *   (set OFSTED_WORKER_HEAP_MB low to make that quick)
 * - OFSTED_TEST_SLOW_MS=<ms>     every file waits this long first (to stop a run part-way in tests)
 */
import { basename } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { threadCpuMs } from '../util/thread-cpu.js';
import { extractOne, type FileResult } from './batch.js';
import type { WorkerTask } from './pool.js';
import { loadReader } from '../readers/index.js';
import { installSyncInflate } from '../readers/pdf/inflate.js';

// pdfjs inflates its streams in this thread, in one call each (src/readers/pdf/inflate.ts).
installSyncInflate();
// The PDF reader (pdfjs) is loaded at start-up, off any file's clock; the other readers
// are loaded by the first file that needs one.
await loadReader('pdf');

/** Garbage-collection pauses of this worker's heap so far (ms), for the per-file timing. */
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

function testHooks(path: string): Promise<never> | null {
  const name = basename(path);
  if (process.env.OFSTED_TEST_HANG_ON && process.env.OFSTED_TEST_HANG_ON === name) {
    for (;;) {
      // a synchronous hang: only terminating the thread ends it
    }
  }
  const crash = process.env.OFSTED_TEST_CRASH_ON;
  if (crash) {
    const [target, mode = 'throw'] = crash.split(':');
    if (target === name) {
      if (mode === 'exit') process.exit(3);
      if (mode === 'oom') {
        const hog: number[][] = [];
        for (;;) hog.push(Array.from({ length: 1e5 }, (_, i) => i * Math.random()));
      }
      setImmediate(() => {
        throw new Error(`test hook: uncaught exception on ${name}`);
      });
      return new Promise<never>(() => undefined);
    }
  }
  return null;
}

export default async function extractTask(task: WorkerTask): Promise<FileResult> {
  parentPort?.postMessage({ ofstedStarted: task.id });
  const hooked = testHooks(task.path);
  if (hooked) return hooked;
  const slow = Number(process.env.OFSTED_TEST_SLOW_MS);
  if (slow > 0) await new Promise((res) => setTimeout(res, slow));
  const cpu0 = threadCpuMs();
  const gc0 = gcMs;
  const r = await extractOne(task.path, { limits: task.limits, validate: task.validate }, task.bytes, task.sha256);
  // GC entries arrive on a later tick: let the last ones of this file in.
  await new Promise((res) => setImmediate(res));
  const cpu1 = threadCpuMs();
  r.timing = { ...r.timing, cpuMs: cpu0 === null || cpu1 === null ? undefined : cpu1 - cpu0, gcMs: gcMs - gc0 };
  return r;
}
