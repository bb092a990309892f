/**
 * Reading and writing files safely (the "never lose data" rules of the project):
 * - reads are capped in size and must be UTF-8 (a file that is not gets a clear error, not
 *   mojibake written back);
 * - writes are atomic: a temp file beside the target (`.<name>.csp-tmp-<pid>-<n>`), fsynced,
 *   then renamed over it, so a crash leaves the old file or the new one, never half of one;
 * - creating a file refuses to overwrite one that exists.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, mkdirSync, lstatSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PreconditionError, UsageError } from '../errors.js';

/** Reads a text file: refuses files over maxBytes and bytes that are not UTF-8. */
export function readTextFile(path: string, maxBytes: number): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new PreconditionError(`${path} does not exist`, { code: 'file-missing', cause: error });
    throw error;
  }
  if (size > maxBytes) {
    throw new UsageError(`${path} is ${Math.round(size / 1024)} KB, larger than the ${Math.round(maxBytes / 1024)} KB csp reads`, {
      code: 'file-too-large',
      file: path,
      hint: 'a plan is about 15 KB; raise max_file_bytes in .csp.yaml if this file is meant to be this big',
    });
  }
  const bytes = readFileSync(path);
  try {
    // NOTE: ignoreBOM keeps a byte-order mark in the text, so that an edit writes it back as it was.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    const at = firstInvalidUtf8(bytes);
    throw new UsageError(`${path} is not valid UTF-8 (bad byte at offset ${at})`, { code: 'not-utf8', file: path, cause: error, hint: 'save the file as UTF-8 in your editor' });
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid + 1), { stream: true });
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

let counter = 0;

/** Writes text (or bytes) to path atomically (temp file, fsync, rename); creates the folder when missing. */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  writeFileAtomicChunks(path, [text]);
}

/**
 * Writes the chunks, in order, to path atomically (as writeFileAtomic), without joining them
 * first: for large generated files (the validation cache) that would otherwise exist twice in memory.
 */
export function writeFileAtomicChunks(path: string, chunks: Iterable<string | Uint8Array>): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.csp-tmp-${process.pid}-${++counter}`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    for (const chunk of chunks) {
      if (typeof chunk === 'string') writeSync(fd, chunk);
      else for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (error) {
    try {
      unlinkSync(tmp);
    } catch {
      // NOTE: the temp file may already be gone; the rename error is what matters.
    }
    throw error;
  }
  fsyncDir(dirname(path));
}

/** Creates a file that must not exist yet (atomic as writeFileAtomic); throws PreconditionError when it does. */
export function createFileAtomic(path: string, text: string): void {
  if (exists(path)) throw new PreconditionError(`${path} already exists`, { code: 'file-exists', hint: 'csp never overwrites a file it did not open: edit it, or remove it first' });
  writeFileAtomic(path, text);
}

/** True when something (a file, folder or link) is at path. */
export function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Removes temp files that a killed csp left beside the files of a folder (older than a minute). */
export function sweepTempFiles(dir: string, now = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!/\.csp-tmp-\d+-\d+$/.test(name)) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > 60_000) {
        unlinkSync(path);
        removed++;
      }
    } catch {
      // NOTE: another process may have removed or renamed it meanwhile.
    }
  }
  return removed;
}

function fsyncDir(dir: string): void {
  // NOTE: makes the rename durable on a crash; not supported on every platform, so best effort.
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // ignore: durability of the directory entry is best effort
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
