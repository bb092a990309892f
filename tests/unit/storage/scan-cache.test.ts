/**
 * The validation cache file (src/storage/scan-cache.ts, issue 4): a JSON value a line, read a line at
 * a time from a small buffer. What it must keep: every entry through a save and a load (also
 * lines cut by the read buffer, and non-ASCII paths and text), nothing from a cache written for
 * another key, nothing from a damaged file, and no temp file when a write is refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
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
  roots.push(root);
  return root;
}

const stamp = (i: number): FileStamp => ({ size: 100 + i, mtimeMs: 1_700_000_000_000.5 + i, ctimeMs: 1_700_000_000_000.5 + i, ino: 1000 + i });
const CACHE = (root: string) => join(root, '.csp', 'cache', 'scan-v2.ndjson');

function outcome(i: number): ScanOutcome {
  return {
    path: '',
    kind: 'csp',
    hash: i.toString(16).padStart(40, '0'),
    issues: i % 3 === 0 ? [{ code: 'gap', severity: 'info', path: '/objectives', message: `Zielsetzung fehlt — ${'x'.repeat(i % 50)} 目標`, line: 3, col: 1 }] : [],
    summary: { account: `account-${i}`, phase: 'develop', status: 'draft', planType: 'onboarding' },
  };
}

describe('the validation cache file', () => {
  it('keeps every entry through a save and a load, lines cut by the 1 MiB read buffer included', () => {
    const root = hub();
    const cache = ScanCache.load(root, 'k1');
    // 5,000 entries of ~300 bytes: the file is well over one read buffer.
    for (let i = 0; i < 5000; i++) cache.put(join(root, `accounts/ümlaut-${i}/success_plan/csp.yaml`), stamp(i), outcome(i));
    cache.save(Date.now());
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
    const cache = ScanCache.load(root, 'k1');
    cache.put(join(root, 'a/success_plan/csp.yaml'), stamp(1), outcome(1));
    cache.save(Date.now());
    expect(ScanCache.load(root, 'k2').size).toBe(0);
    const text = readFileSync(CACHE(root), 'utf8');
    writeFileSync(CACHE(root), text.slice(0, -5));
    expect(ScanCache.load(root, 'k1').size).toBe(0);
    writeFileSync(CACHE(root), '{"key":"k1","written":1}\n[not json]\n');
    expect(ScanCache.load(root, 'k1').size).toBe(0);
  });

  it('removes the cache file of the format before (scan-v1.json) when it writes', () => {
    const root = hub();
    mkdirSync(join(root, '.csp', 'cache'), { recursive: true });
    writeFileSync(join(root, '.csp', 'cache', 'scan-v1.json'), '{}');
    const cache = ScanCache.load(root, 'k1');
    cache.put(join(root, 'a/success_plan/csp.yaml'), stamp(1), outcome(1));
    cache.save(Date.now());
    expect(existsSync(join(root, '.csp', 'cache', 'scan-v1.json'))).toBe(false);
    expect(existsSync(CACHE(root))).toBe(true);
  });
});

describe('writeFileAtomicChunks', () => {
  it('writes chunks as a generator makes them, and on a refused chunk leaves neither the file nor a temp file', () => {
    const dir = hub();
    const file = join(dir, 'out.txt');
    writeFileAtomicChunks(file, (function* () {
      yield 'a\n';
      yield 'b\n';
    })());
    expect(readFileSync(file, 'utf8')).toBe('a\nb\n');
    const refused = join(dir, 'refused.txt');
    expect(() =>
      writeFileAtomicChunks(refused, (function* () {
        yield 'fine\n';
        yield `key: sk-ant-api03-${'A'.repeat(90)}\n`;
      })()),
    ).toThrow(/API key/);
    expect(readdirSync(dir).sort()).toEqual(['out.txt']);
  });
});
