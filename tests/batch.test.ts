import { describe, expect, it } from 'vitest';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, tmp } from './helpers';
import { dbContent, events, makeCorpus, MD_FIXTURES, MD_LIGHT, runCli } from './batch-helpers';

const summaryOf = (stdout: string) => JSON.parse(stdout);

describe('batch import: pool of workers, one writer', () => {
  it('loads the same content in-process and with --jobs 3 (workers); failures sorted by path', async () => {
    const dir = tmp();
    const files = makeCorpus(join(dir, 'in'), 1);
    copyFileSync(fixture('bad', 'pdf-bytes-saved-as.md'), join(dir, 'in', 'zz-bad.md'));
    copyFileSync(fixture('bad', 'docx-not-zip.docx'), join(dir, 'in', 'aa-bad.docx'));
    const one = await runCli(['import', join(dir, 'in'), '--db', join(dir, 'one.sqlite'), '--jobs', '1', '--in-process', '--json', '--quiet']);
    const three = await runCli(['import', join(dir, 'in'), '--db', join(dir, 'three.sqlite'), '--jobs', '3', '--json', '--quiet']);
    for (const r of [one, three]) {
      expect(r.code).toBe(2);
      const s = summaryOf(r.stdout);
      expect(s.loaded).toBe(files.length);
      expect(s.failed.map((f: { path: string }) => f.path)).toEqual([join(dir, 'in', 'aa-bad.docx'), join(dir, 'in', 'zz-bad.md')]);
      expect(r.stderr).toContain(`${join(dir, 'in', 'zz-bad.md')}: not a Markdown text file (looks like a PDF)`);
      // --quiet: no progress events, only the failure lines
      expect(events(r.stderr)).toEqual([]);
    }
    expect(summaryOf(one.stdout).jobs).toBe(1);
    expect(summaryOf(three.stdout).jobs).toBe(3);
    expect(dbContent(join(dir, 'three.sqlite'))).toEqual(dbContent(join(dir, 'one.sqlite')));
  });

  it('is incremental: a re-run skips every file unparsed; --force replaces them', async () => {
    const dir = tmp();
    const files = makeCorpus(join(dir, 'in'), 1, MD_LIGHT);
    const db = join(dir, 'db.sqlite');
    const first = await runCli(['import', join(dir, 'in'), '--db', db, '--jobs', '2', '--json', '--quiet']);
    expect(first.code).toBe(0);
    expect(summaryOf(first.stdout)).toMatchObject({ files: files.length, loaded: files.length, unchanged: 0, skipped: 0 });
    // a worker that crashed on any file would show: every file must be skipped before parsing
    const again = await runCli(['import', join(dir, 'in'), '--db', db, '--jobs', '2', '--json'], {
      env: { OFSTED_TEST_CRASH_ON: 'brent-2011-action-plan.md' },
    });
    expect(again.code).toBe(0);
    expect(summaryOf(again.stdout)).toMatchObject({ loaded: 0, unchanged: files.length, skipped: files.length, failed: [] });
    expect(events(again.stderr).filter((e) => e.event === 'file').map((e) => e.status)).toEqual(files.map(() => 'skipped'));
    const forced = await runCli(['import', join(dir, 'in'), '--db', db, '--jobs', '2', '--json', '--quiet', '--force']);
    expect(summaryOf(forced.stdout)).toMatchObject({ loaded: 0, replaced: files.length, unchanged: 0 });
    expect(dbContent(db).map((d) => d.path)).toEqual([...files].sort());
  });

  it('loads a file repeated in one batch once, under its first path, whatever the completion order', async () => {
    const dir = tmp();
    makeCorpus(join(dir, 'in'), 1, MD_LIGHT);
    copyFileSync(MD_FIXTURES[0]!, join(dir, 'in', 'zzz-same-bytes.md'));
    const r = await runCli(['import', join(dir, 'in'), '--db', join(dir, 'db.sqlite'), '--jobs', '4', '--json', '--quiet']);
    expect(summaryOf(r.stdout)).toMatchObject({ loaded: 4, unchanged: 1, skipped: 1 });
    const paths = dbContent(join(dir, 'db.sqlite')).map((d) => d.path);
    expect(paths).toContain(join(dir, 'in', '000-001_dab7261901101738.md'));
    expect(paths).not.toContain(join(dir, 'in', 'zzz-same-bytes.md'));
  });

  it('writes NDJSON progress events on a non-terminal stderr', async () => {
    const dir = tmp();
    const files = makeCorpus(join(dir, 'in'), 1, MD_LIGHT);
    copyFileSync(fixture('bad', 'pdf-bytes-saved-as.md'), join(dir, 'in', 'zz-bad.md'));
    const r = await runCli(['import', join(dir, 'in'), '--db', join(dir, 'db.sqlite'), '--jobs', '2']);
    expect(r.code).toBe(2);
    const ev = events(r.stderr);
    expect(ev[0]).toEqual({ event: 'start', total: files.length + 1, jobs: 2 });
    const fileEvents = ev.filter((e) => e.event === 'file');
    expect(fileEvents.map((e) => e.done)).toEqual(fileEvents.map((_, i) => i + 1));
    expect(fileEvents.every((e) => e.total === files.length + 1)).toBe(true);
    expect(fileEvents.map((e) => e.path).sort()).toEqual([...files, join(dir, 'in', 'zz-bad.md')].sort());
    expect(fileEvents.find((e) => e.status === 'failed')).toMatchObject({ path: join(dir, 'in', 'zz-bad.md'), reason: 'not a Markdown text file (looks like a PDF)' });
    expect(ev.at(-1)).toMatchObject({ event: 'end', done: files.length + 1, total: files.length + 1 });
    // every stderr line is an event or a `<path>: <reason>` failure line
    for (const line of r.stderr.split('\n').filter(Boolean)) expect(line.startsWith('{') || line.startsWith(join(dir, 'in', 'zz-bad.md') + ': ')).toBe(true);
    expect(r.stdout).toContain('failed: 1');
  });

  it('extract --out with workers writes one <sha256>.json per file; on stdout the order is the input order', async () => {
    const dir = tmp();
    const files = makeCorpus(join(dir, 'in'), 1, MD_LIGHT);
    const r = await runCli(['extract', join(dir, 'in'), '--out', join(dir, 'out'), '--jobs', '2', '--quiet']);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'out')).length).toBe(files.length);
    const par = await runCli(['extract', ...files, '--jobs', '3']);
    const seq = await runCli(['extract', ...files, '--jobs', '1']);
    expect(par.code).toBe(0);
    const lines = par.stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).source.path)).toEqual(files);
    expect(par.stdout).toBe(seq.stdout);
    const one = JSON.parse(lines[0]!);
    expect(JSON.parse(readFileSync(join(dir, 'out', `${one.source.sha256}.json`), 'utf8')).source.path).toBe(files[0]);
  });
});

describe('batch import: a worker that hangs or crashes fails its file only', () => {
  const target = 'brent-2011-action-plan.md';
  // The hang case needs a time limit: 5 s is many times what the other (small) files take,
  // even on a cold worker; the crash cases keep the default limit (60 s), never reached.
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['hangs (timeout)', { OFSTED_TEST_HANG_ON: `000-${target}` }, /^timed out after 5 s$/],
    ['throws outside the task', { OFSTED_TEST_CRASH_ON: `000-${target}:throw` }, /^worker crashed: test hook: uncaught exception/],
    ['calls process.exit', { OFSTED_TEST_CRASH_ON: `000-${target}:exit` }, /^worker crashed: exited with code 3$/],
    ['runs out of memory', { OFSTED_TEST_CRASH_ON: `000-${target}:oom`, OFSTED_WORKER_HEAP_MB: '48' }, /^worker crashed: out of memory$/],
  ];
  for (const [name, env, reason] of cases) {
    it(`worker ${name}: the file fails with its reason, the worker is replaced, the batch goes on`, async () => {
      const dir = tmp();
      const hang = 'OFSTED_TEST_HANG_ON' in env;
      const files = makeCorpus(join(dir, 'in'), hang ? 1 : 2, MD_LIGHT);
      const bad = join(dir, 'in', `000-${target}`);
      const limit = hang ? ['--timeout', '5'] : [];
      const r = await runCli(['import', join(dir, 'in'), '--db', join(dir, 'db.sqlite'), '--jobs', '2', ...limit, '--json', '--quiet'], { env });
      expect(r.code).toBe(2);
      const s = summaryOf(r.stdout);
      expect(s.failed).toHaveLength(1);
      expect(s.failed[0].path).toBe(bad);
      expect(s.failed[0].reason).toMatch(reason);
      expect(s.loaded).toBe(files.length - 1);
      expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `, 'm'));
      expect(dbContent(join(dir, 'db.sqlite')).map((d) => d.path)).toEqual(files.filter((f) => f !== bad).sort());
    });
  }

  it('with --jobs 1 too: the one worker is a thread, so a stuck parser is stopped by the time limit', async () => {
    const dir = tmp();
    const files = makeCorpus(join(dir, 'in'), 1, MD_LIGHT);
    const bad = join(dir, 'in', `000-${target}`);
    const r = await runCli(['import', join(dir, 'in'), '--db', join(dir, 'db.sqlite'), '--jobs', '1', '--timeout', '5', '--json', '--quiet'], {
      env: { OFSTED_TEST_HANG_ON: `000-${target}` },
    });
    expect(r.code).toBe(2);
    const s = summaryOf(r.stdout);
    expect(s.failed).toEqual([{ path: bad, reason: 'timed out after 5 s' }]);
    expect(s.loaded).toBe(files.length - 1);
  });
});
