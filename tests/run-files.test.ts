/**
 * The batch loop both batch commands run (src/pipeline/run.ts), with a sink that keeps
 * documents in memory: no database, no child process.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DEFAULT_LIMITS } from '../src/readers/limits.js';
import { runFiles, type BatchEvent, type DocumentSink } from '../src/pipeline/run.js';
import { fixture, tmp } from './helpers';
import { makeCorpus, MD_LIGHT } from './batch-helpers';

describe('runFiles: the batch loop with a sink of its own', () => {
  it('hands every document to the sink in input order; a missing input, a bad file and a refused or failing write each fail their file only', async () => {
    const dir = tmp();
    const files = makeCorpus(join(dir, 'in'), 1, MD_LIGHT);
    const bad = fixture('bad', 'pdf-bytes-saved-as.md');
    const missing = join(dir, 'no-such-file.md');
    const written: string[] = [];
    const failed: Array<[string, string]> = [];
    let opened: readonly string[] = [];
    const sink: DocumentSink = {
      open: (f) => (opened = f),
      failed: (path, code) => failed.push([path, code]),
      write(r) {
        if (r.path === files[1]) return { status: 'failed', code: 'refused', reason: 'not wanted' };
        if (r.path === files[2]) throw new Error('disk full');
        written.push(r.path);
        return { status: 'extracted' };
      },
    };
    const events: BatchEvent[] = [];
    const r = await runFiles([...files, bad, missing], { jobs: 1, inProcess: true, limits: DEFAULT_LIMITS, ordered: true, onEvent: (e) => events.push(e) }, sink);
    expect(opened).toEqual([...files, bad]);
    expect(written).toEqual([files[0], ...files.slice(3)]);
    expect(r).toMatchObject({ files: files.length + 1, pages: 0, interrupted: null, notStarted: 0 });
    expect(r.counts).toEqual({ loaded: 0, replaced: 0, unchanged: 0, skipped: 0, extracted: files.length - 2 });
    expect(r.failed).toEqual(
      [
        { path: missing, reason: 'no such file or directory' },
        { path: files[1], reason: 'not wanted' },
        { path: files[2], reason: 'disk full' },
        { path: bad, reason: 'not a Markdown text file (looks like a PDF)' },
      ].sort((a, b) => (a.path < b.path ? -1 : 1)),
    );
    expect(failed).toEqual([
      [missing, 'input'],
      [files[1], 'refused'],
      [files[2], 'write_failed'],
      [bad, 'not_text'],
    ]);
    expect(events[0]).toEqual({ event: 'start', total: files.length + 2, jobs: 1 });
    expect(events.at(-1)).toEqual({ event: 'end' });
    const fileEvents = events.filter((e) => e.event === 'file');
    expect(fileEvents.map((e) => [e.path, e.status])).toEqual([
      [missing, 'failed'],
      ...files.map((f, i) => [f, i === 1 || i === 2 ? 'failed' : 'extracted']),
      [bad, 'failed'],
    ]);
  });

  it('skips bytes the sink already has, unparsed; an aborted signal starts no file', async () => {
    const dir = tmp();
    const files = makeCorpus(join(dir, 'in'), 1, MD_LIGHT);
    const write = () => ({ status: 'extracted' as const });
    const all = await runFiles(files, { jobs: 1, inProcess: true, limits: DEFAULT_LIMITS }, { has: () => true, write });
    expect(all.counts).toMatchObject({ skipped: files.length, extracted: 0 });
    const stop = new AbortController();
    stop.abort('SIGINT');
    const none = await runFiles(files, { jobs: 1, inProcess: true, limits: DEFAULT_LIMITS, signal: stop.signal }, { write });
    expect(none).toMatchObject({ interrupted: 'SIGINT', notStarted: files.length, failed: [] });
  });
});
