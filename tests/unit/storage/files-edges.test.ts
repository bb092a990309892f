/**
 * The file layer's smaller promises (src/storage/files.ts, issue 19 "Tests that can fail"): the
 * hints of its refusals, no file descriptor left open, an abort whose temp file is gone, and the
 * temp files a sweep recognises.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/repo.js';
import {
  createFileAtomic,
  openAtomicWriter,
  readTextFileStat,
  sweepTempFiles,
  textOfBytes,
  writeFileAtomic,
} from '../../../src/storage/files.js';

describe('the hints of a refused read or write', () => {
  it('a folder where a file is read', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'csp.yaml'));
    expect(() => readTextFileStat(join(dir, 'csp.yaml'), 1000)).toThrow(
      expect.objectContaining({
        code: 'not-a-file',
        hint: 'csp reads YAML files here: move the folder (or device) away',
      }),
    );
  });

  it('a file over the size csp reads, and one that is not UTF-8', () => {
    const hint = 'a plan is about 15 KB; raise max_file_bytes in .csp.yaml if this file is meant to be this big';
    expect(() => textOfBytes('big.yaml', Buffer.alloc(2048, 'a'), 1024)).toThrow(
      expect.objectContaining({ code: 'file-too-large', hint }),
    );
    expect(() => textOfBytes('bad.yaml', Buffer.from([0x61, 0xff, 0x62]), 1024)).toThrow(
      expect.objectContaining({ code: 'not-utf8', hint: 'save the file as UTF-8 in your editor' }),
    );
  });

  it('a new file that is already there', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'v1.yaml'), 'there\n');
    expect(() => createFileAtomic(join(dir, 'v1.yaml'), 'new\n')).toThrow(
      expect.objectContaining({
        code: 'file-exists',
        hint: 'csp never overwrites a file it did not open: edit it, or remove it first',
      }),
    );
  });
});

describe('file descriptors', () => {
  // NOTE: Linux (the CI's system): /proc/self/fd lists this process's open descriptors.
  const open = () => readdirSync('/proc/self/fd').length;

  it('are all closed after writes, aborts and failed renames', () => {
    const dir = tempDir();
    const before = open();
    for (let i = 0; i < 5; i++) {
      writeFileAtomic(join(dir, 'a.yaml'), `a: ${i}\n`);
      const aborted = openAtomicWriter(join(dir, 'b.yaml'));
      aborted.write('b: 1\n');
      aborted.abort();
      const refused = openAtomicWriter(join(dir, 'c.yaml'));
      refused.write('c: 1\n');
      expect(() =>
        refused.commit(() => {
          throw new Error('lock lost');
        }),
      ).toThrow('lock lost');
    }
    expect(open()).toBe(before);
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });
});

describe('abort', () => {
  it('is quiet when the temp file is already gone', () => {
    const dir = tempDir();
    const writer = openAtomicWriter(join(dir, 'a.yaml'));
    writer.write('a: 1\n');
    for (const name of readdirSync(dir)) rmSync(join(dir, name));
    expect(() => writer.abort()).not.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('sweepTempFiles', () => {
  it("recognises a dead process's temp file whatever its counter's width", () => {
    const dir = tempDir();
    const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']));
    for (const n of [1, 12, 345]) writeFileSync(join(dir, `.csp.yaml.csp-tmp-${dead}-${n}`), 'partial');
    writeFileSync(join(dir, 'csp.yaml'), 'a: 1\n');
    expect(sweepTempFiles(dir)).toBe(3);
    expect(readdirSync(dir)).toEqual(['csp.yaml']);
  });
});
