/**
 * Atomic writes the file system refuses (src/storage/files.ts, issue 19), through the test fault hook
 * (storage/fault-injection.ts, read once at import: set here before files.ts loads): a write cut short
 * then failing with ENOSPC, and a temp file that cannot be created (EACCES). The target is kept, the
 * temp file and the folders the write made are gone, and the error is an exit-3 one naming both.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.hoisted(() => {
  process.env.CSP_TEST_FAULT = 'ENOSPC:full.yaml:5,EACCES:denied.yaml';
});

const { writeFileAtomic, writeFileAtomicChunks } = await import('../../../src/storage/files.js');
const { PreconditionError } = await import('../../../src/errors.js');

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'csp-files-fault-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function caught(f: () => unknown): any {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('a write the file system refuses', () => {
  it('a full disk after 5 bytes: the old file stays, no temp file, exit 3 naming the file', () => {
    const d = tmp();
    writeFileSync(join(d, 'full.yaml'), 'old');
    const e = caught(() => writeFileAtomic(join(d, 'full.yaml'), 'new text'));
    expect(e).toBeInstanceOf(PreconditionError);
    expect(e.code).toBe('fs-enospc');
    expect(e.message).toBe(
      `could not write ${join(d, 'full.yaml')}: no space left on the device (ENOSPC); full.yaml is unchanged`,
    );
    expect(readFileSync(join(d, 'full.yaml'), 'utf8')).toBe('old');
    expect(readdirSync(d)).toEqual(['full.yaml']);
  });

  it('a write that fits exactly is written whole', () => {
    const d = tmp();
    writeFileAtomicChunks(join(d, 'full.yaml'), ['ab', 'cde']);
    expect(readFileSync(join(d, 'full.yaml'), 'utf8')).toBe('abcde');
  });

  it('the second chunk crossing the limit fails the write, leaving no new file nor folder', () => {
    const d = tmp();
    const e = caught(() => writeFileAtomicChunks(join(d, 'sub', 'full.yaml'), ['abc', 'def']));
    expect(e.code).toBe('fs-enospc');
    expect(e.message).toMatch(/full\.yaml was not created$/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('a temp file that cannot be created: EACCES, the folders it made are gone', () => {
    const d = tmp();
    const e = caught(() => writeFileAtomic(join(d, 'x', 'y', 'denied.yaml'), 'text'));
    expect(e).toBeInstanceOf(PreconditionError);
    expect(e.code).toBe('fs-eacces');
    expect(e.message).toBe(
      `could not write ${join(d, 'x', 'y', 'denied.yaml')}: permission denied (EACCES); denied.yaml was not created`,
    );
    expect(readdirSync(d)).toEqual([]);
  });
});
