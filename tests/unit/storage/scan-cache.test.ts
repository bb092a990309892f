/**
 * The validation cache file (src/storage/scan-cache.ts, issue 4): a JSON value a line, read a line at
 * a time from a small buffer. What it must keep: every entry through a save and a load (also
 * lines cut by the read buffer, and non-ASCII paths and text), nothing from a cache written for
 * another key, nothing from a damaged file, and no temp file when a write is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { validationCacheDir } from '../../../src/storage/cache-location.js';
import { existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCache, type FileStamp } from '../../../src/storage/scan-cache.js';
import { writeFileAtomicChunks } from '../../../src/storage/files.js';
import type { ScanOutcome } from '../../../src/storage/scan-work.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function hub(): string {
  const root = mkdtempSync(join(tmpdir(), 'csp-cache-'));
  // NOTE: a git work tree, so that the cache goes under its .git (never the user's cache folder).
  mkdirSync(join(root, '.git'));
  roots.push(root);
  return root;
}

const stamp = (i: number): FileStamp => ({
  size: 100 + i,
  mtimeMs: 1_700_000_000_000.5 + i,
  ctimeMs: 1_700_000_000_000.5 + i,
  ino: 1000 + i,
});
const CACHE = (root: string) => join(validationCacheDir(root), 'scan-v2.ndjson');

function outcome(i: number): ScanOutcome {
  return {
    path: '',
    kind: 'csp',
    hash: i.toString(16).padStart(40, '0'),
    issues:
      i % 3 === 0
        ? [
            {
              code: 'gate-risks',
              severity: 'info',
              path: '/objectives',
              message: `Zielsetzung fehlt — ${'x'.repeat(i % 50)} 目標`,
              line: 3,
              col: 1,
            },
          ]
        : [],
    summary: { account: `account-${i}`, phase: 'develop', status: 'draft', planType: 'onboarding' },
  };
}

/** Writes a cache for key k1 that knows one plan (a/success_plan/csp.yaml), and returns the file's text. */
function saveOne(root: string): string {
  const cache = ScanCache.load(root, 'k1');
  cache.put(join(root, 'a/success_plan/csp.yaml'), stamp(1), outcome(1));
  cache.save();
  return readFileSync(CACHE(root), 'utf8');
}

describe('the validation cache file', () => {
  it('keeps every entry through a save and a load, lines cut by the 1 MiB read buffer included', () => {
    const root = hub();
    const cache = ScanCache.load(root, 'k1');
    // 5,000 entries of ~300 bytes: the file is well over one read buffer.
    for (let i = 0; i < 5000; i++)
      cache.put(join(root, `accounts/ümlaut-${i}/success_plan/csp.yaml`), stamp(i), outcome(i));
    cache.save();
    expect(readFileSync(CACHE(root)).length).toBeGreaterThan(1 << 20);
    const loaded = ScanCache.load(root, 'k1');
    expect(loaded.size).toBe(5000);
    for (const i of [0, 1, 2, 1234, 4999]) {
      const e = loaded.byHash(join(root, `accounts/ümlaut-${i}/success_plan/csp.yaml`), outcome(i).hash!, stamp(i));
      expect(e?.issues ?? []).toEqual(outcome(i).issues);
      expect(e?.summary).toEqual(outcome(i).summary);
    }
  });

  it('gives an empty cache for another key, and for a damaged file', () => {
    const root = hub();
    saveOne(root);
    expect(ScanCache.load(root, 'k2').size).toBe(0);
    const text = readFileSync(CACHE(root), 'utf8');
    writeFileSync(CACHE(root), text.slice(0, -5));
    expect(ScanCache.load(root, 'k1').size).toBe(0);
    writeFileSync(CACHE(root), '{"key":"k1","written":1}\n[not json]\n');
    expect(ScanCache.load(root, 'k1').size).toBe(0);
  });

  it('writes each recorded document while the scan runs, and replaces the file only at save', () => {
    const root = hub();
    const before = saveOne(root);
    const cache = ScanCache.load(root, 'k1');
    for (let i = 0; i < 2000; i++) cache.put(join(root, `b${i}/success_plan/csp.yaml`), stamp(i), outcome(i));
    // 2,000 lines (over the 64 KB buffer) are in the temp file already; the cache file is the old one.
    const temp = readdirSync(validationCacheDir(root)).filter((n) => n.includes('.csp-tmp-'));
    expect(temp).toHaveLength(1);
    expect(readFileSync(join(validationCacheDir(root), temp[0])).length).toBeGreaterThan(65_536);
    expect(readFileSync(CACHE(root), 'utf8')).toBe(before);
    cache.save();
    expect(readdirSync(validationCacheDir(root)).filter((n) => n.includes('.csp-tmp-'))).toEqual([]);
    const loaded = ScanCache.load(root, 'k1');
    // The document the cache already knew is kept, after the new ones.
    expect(loaded.size).toBe(2001);
    expect(loaded.byHash(join(root, 'a/success_plan/csp.yaml'), outcome(1).hash!, stamp(1))?.summary).toEqual(
      outcome(1).summary,
    );
    expect(loaded.byHash(join(root, 'b1999/success_plan/csp.yaml'), outcome(1999).hash!, stamp(1999))?.summary).toEqual(
      outcome(1999).summary,
    );
  });

  it('holds only the entries asked for, and keeps the others in the file when it writes', () => {
    const root = hub();
    const plan = (i: number) => join(root, `a${i}/success_plan/csp.yaml`);
    const tracker = (i: number) => join(root, `a${i}/action_tracker.yaml`);
    const first = ScanCache.load(root, 'k1');
    for (let i = 0; i < 50; i++) {
      first.put(plan(i), stamp(i), outcome(i));
      first.put(tracker(i), stamp(i), { ...outcome(i), kind: 'action_tracker', summary: {} });
    }
    first.save();
    const plans = new Set(Array.from({ length: 50 }, (_, i) => plan(i)));
    const partial = ScanCache.load(root, 'k1', Date.now(), plans);
    expect(partial.size).toBe(50);
    expect(partial.has(tracker(3))).toBe(false);
    // One plan changed: the file is written again, the trackers copied from the old one.
    partial.put(plan(7), stamp(1007), outcome(1007));
    partial.save();
    const all = ScanCache.load(root, 'k1');
    expect(all.size).toBe(100);
    expect(all.byHash(tracker(3), outcome(3).hash!, stamp(3))).toBeDefined();
    expect(all.byHash(plan(7), outcome(1007).hash!, stamp(1007))?.summary).toEqual(outcome(1007).summary);
  });

  it('an entry whose file changed just before the cache was written is checked by hash next time, even when copied by a later write', () => {
    const root = hub();
    const now = 1_800_000_000_000;
    const first = ScanCache.load(root, 'k1', now);
    // Modified 1 s before this cache's time: racy. Another, long before: not.
    first.put(join(root, 'racy.yaml'), { size: 10, mtimeMs: now - 1000, ctimeMs: now - 1000, ino: 1 }, outcome(1));
    first.put(join(root, 'old.yaml'), { size: 10, mtimeMs: now - 60_000, ctimeMs: now - 60_000, ino: 2 }, outcome(2));
    first.save();
    // A later partial write (another command, a minute later) that did not look at either file.
    const later = ScanCache.load(root, 'k1', now + 60_000, new Set([join(root, 'other.yaml')]));
    later.put(join(root, 'other.yaml'), stamp(3), outcome(3));
    later.save();
    const next = ScanCache.load(root, 'k1', now + 120_000);
    expect(
      next.byStat(join(root, 'racy.yaml'), { size: 10, mtimeMs: now - 1000, ctimeMs: now - 1000, ino: 1 }),
    ).toBeUndefined();
    expect(
      next.byHash(join(root, 'racy.yaml'), outcome(1).hash!, {
        size: 10,
        mtimeMs: now - 1000,
        ctimeMs: now - 1000,
        ino: 1,
      }),
    ).toBeDefined();
    expect(
      next.byStat(join(root, 'old.yaml'), { size: 10, mtimeMs: now - 60_000, ctimeMs: now - 60_000, ino: 2 }),
    ).toBeDefined();
  });

  it('after a fresh checkout (every file racy in the first cache), the second run rewrites the cache so that the third trusts it by stat', () => {
    const root = hub();
    const t0 = 1_800_000_000_000;
    const file = join(root, 'a/success_plan/csp.yaml');
    const fresh = { size: 10, mtimeMs: t0 - 500, ctimeMs: t0 - 500, ino: 1 };
    const first = ScanCache.load(root, 'k1', t0);
    first.put(file, fresh, outcome(1));
    first.save();
    const second = ScanCache.load(root, 'k1', t0 + 60_000);
    expect(second.byStat(file, fresh)).toBeUndefined();
    expect(second.byHash(file, outcome(1).hash!, fresh)).toBeDefined();
    second.save();
    expect(ScanCache.load(root, 'k1', t0 + 120_000).byStat(file, fresh)).toBeDefined();
  });

  it('a partial scan keeps the entries another csp wrote after it loaded the cache', () => {
    const root = hub();
    const plan = join(root, 'a/success_plan/csp.yaml');
    const tracker = join(root, 'a/action_tracker.yaml');
    saveOne(root);
    const partial = ScanCache.load(root, 'k1', Date.now(), new Set([plan]));
    // Meanwhile a whole-InfoHub validate writes the tracker's entry too.
    const other = ScanCache.load(root, 'k1');
    other.put(tracker, stamp(5), { ...outcome(5), kind: 'action_tracker', summary: {} });
    other.save();
    partial.put(plan, stamp(6), outcome(6));
    partial.save();
    const all = ScanCache.load(root, 'k1');
    expect(all.size).toBe(2);
    expect(all.byHash(tracker, outcome(5).hash!, stamp(5))).toBeDefined();
  });

  it("an entry copied from a file that another csp started earlier is smudged against that file's time", () => {
    const root = hub();
    const t = 1_800_000_000_000;
    const plan = join(root, 'a/success_plan/csp.yaml');
    const tracker = join(root, 'a/action_tracker.yaml');
    const older = ScanCache.load(root, 'k1', t + 10_000);
    older.put(plan, stamp(1), outcome(1));
    older.save();
    const partial = ScanCache.load(root, 'k1', t + 20_000, new Set([plan]));
    // Another csp that loaded at t (before partial) writes last: its tracker was modified at t + 5 s,
    // racy in its file (written t), not racy under the older file's time.
    const racy = { size: 10, mtimeMs: t + 5_000, ctimeMs: t + 5_000, ino: 9 };
    const other = ScanCache.load(root, 'k1', t);
    other.put(tracker, racy, { ...outcome(9), kind: 'action_tracker', summary: {} });
    other.save();
    partial.put(plan, stamp(2), outcome(2));
    partial.save();
    const next = ScanCache.load(root, 'k1', t + 60_000);
    expect(next.byStat(tracker, racy)).toBeUndefined();
    expect(next.byHash(tracker, outcome(9).hash!, racy)).toBeDefined();
  });

  it('records nothing after save or discard (a worker still reporting after a failed scan)', () => {
    const root = hub();
    const cache = ScanCache.load(root, 'k1');
    cache.put(join(root, 'a/success_plan/csp.yaml'), stamp(1), outcome(1));
    cache.discard();
    cache.put(join(root, 'b/success_plan/csp.yaml'), stamp(2), outcome(2));
    cache.save();
    expect(
      existsSync(validationCacheDir(root))
        ? readdirSync(validationCacheDir(root)).filter((n) => n.includes('.csp-tmp-'))
        : [],
    ).toEqual([]);
    expect(existsSync(CACHE(root))).toBe(false);
  });

  it('a scan that stops early (discard) leaves the old cache and no temp file', () => {
    const root = hub();
    const before = saveOne(root);
    const cache = ScanCache.load(root, 'k1');
    cache.put(join(root, 'b/success_plan/csp.yaml'), stamp(2), outcome(2));
    cache.discard();
    expect(readFileSync(CACHE(root), 'utf8')).toBe(before);
    expect(readdirSync(validationCacheDir(root)).sort()).toEqual(['scan-v2.ndjson']);
  });

  it('removes the temp file that a killed csp left in the cache folder when it next writes', () => {
    const root = hub();
    mkdirSync(validationCacheDir(root), { recursive: true });
    // A pid that is not running (pid_max is at most 2^22).
    writeFileSync(join(validationCacheDir(root), '.scan-v2.ndjson.csp-tmp-99999999-1'), '{"key":"k1"');
    saveOne(root);
    expect(readdirSync(validationCacheDir(root)).sort()).toEqual(['scan-v2.ndjson']);
  });

  it('removes the cache file of the format before (scan-v1.json) when it writes', () => {
    const root = hub();
    mkdirSync(validationCacheDir(root), { recursive: true });
    writeFileSync(join(validationCacheDir(root), 'scan-v1.json'), '{}');
    saveOne(root);
    expect(existsSync(join(validationCacheDir(root), 'scan-v1.json'))).toBe(false);
    expect(existsSync(CACHE(root))).toBe(true);
  });
});

describe('writeFileAtomicChunks', () => {
  it('writes chunks as a generator makes them, and on a refused chunk leaves neither the file nor a temp file', () => {
    const dir = hub();
    const file = join(dir, 'out.txt');
    writeFileAtomicChunks(
      file,
      (function* () {
        yield 'a\n';
        yield 'b\n';
      })(),
    );
    expect(readFileSync(file, 'utf8')).toBe('a\nb\n');
    const refused = join(dir, 'refused.txt');
    expect(() =>
      writeFileAtomicChunks(
        refused,
        (function* () {
          yield 'fine\n';
          yield `key: sk-ant-api03-${'A'.repeat(90)}\n`;
        })(),
      ),
    ).toThrow(/API key/);
    expect(
      readdirSync(dir)
        .filter((n) => n !== '.git')
        .sort(),
    ).toEqual(['out.txt']);
  });
});
