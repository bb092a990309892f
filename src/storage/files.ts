/**
 * Reading and writing files safely (the "never lose data" rules of the project):
 * - reads are capped in size and must be UTF-8 (a file that is not gets a clear error, not
 *   mojibake written back);
 * - writes are atomic: a temp file beside the target (`.<name>.csp-tmp-<pid>-<n>`), fsynced,
 *   then renamed over it, so a crash leaves the old file or the new one, never half of one;
 * - every write loops until all its bytes are written, and the temp file's size is checked
 *   before the rename (a full disk cuts a write short before it fails); a file keeps its mode,
 *   and a read-only one is refused;
 * - a write the file system refuses (full disk, quota, size limit, permissions, read-only) is a
 *   PreconditionError (exit 3) naming the file and the cause: fileSystemError;
 * - every path goes through gate.ts first (no link out of the InfoHub or into another account);
 * - creating a file refuses to overwrite one that exists;
 * - no write carries a secret: text holding the value of a secret environment variable (the
 *   Anthropic key) or anything shaped like an Anthropic key is refused (storage/secrets.ts, the
 *   one check; the CLI context registers the values through guardSecrets).
 */
import {
  closeSync,
  rmdirSync,
  fchmodSync,
  fstatSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  rmSync,
  writeSync,
  mkdirSync,
  lstatSync,
  type Stats,
} from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { basename, dirname, join } from 'node:path';
import { CheckFailedError, CspError, PreconditionError } from '../errors.js';
import { faultOnOpen, faultOnWrite, writeStep } from './fault-injection.js';
import { checkRead, checkWrite } from './gate.js';
import { assertNoSecrets } from './secrets.js';

/**
 * Reads a text file. Throws PreconditionError (exit 3) when it is missing or not a readable
 * file, CheckFailedError (exit 1, like any other broken document) when it is over maxBytes or not
 * UTF-8.
 */
export function readTextFile(path: string, maxBytes: number): string {
  return readTextFileStat(path, maxBytes).text;
}

/**
 * A file's text, or null when there is no file: for csp's own small files (journals, schema
 * copies), without readTextFile's size cap and UTF-8 check. Other read errors are thrown.
 */
export function readIfExists(path: string): string | null {
  checkRead(path);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * readTextFile, with the stat it read the file by (for a cache keyed like git's index) and its
 * bytes (to hash without encoding the text again). Same errors.
 */
export function readTextFileStat(path: string, maxBytes: number): { text: string; stat: Stats; bytes: Buffer } {
  checkRead(path);
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new PreconditionError(`${path} does not exist`, { code: 'file-missing', cause: error });
    throw unreadable(path, error);
  }
  if (!stat.isFile())
    throw new PreconditionError(`${path} is not a file`, {
      code: 'not-a-file',
      hint: 'csp reads YAML files here: move the folder (or device) away',
    });
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent: textOfBytes refuses the same size with the same error (this check spares the read)
  if (stat.size > maxBytes) {
    throw new CheckFailedError(
      `${path} is ${Math.round(stat.size / 1024)} KB, larger than the ${Math.round(maxBytes / 1024)} KB csp reads`,
      {
        code: 'file-too-large',
        file: path,
        hint: 'a plan is about 15 KB; raise max_file_bytes in .csp.yaml if this file is meant to be this big',
      },
    );
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  return { text: textOfBytes(path, bytes, maxBytes), stat, bytes };
}

/**
 * The text of a file's bytes read elsewhere (from git's objects: a snapshot a sparse checkout
 * leaves out of the working tree), with readTextFile's checks: CheckFailedError (exit 1) when
 * larger than maxBytes or not UTF-8. `path` names the file in messages.
 */
export function textOfBytes(path: string, bytes: Buffer, maxBytes: number): string {
  if (bytes.length > maxBytes) {
    throw new CheckFailedError(
      `${path} is ${Math.round(bytes.length / 1024)} KB, larger than the ${Math.round(maxBytes / 1024)} KB csp reads`,
      {
        code: 'file-too-large',
        file: path,
        hint: 'a plan is about 15 KB; raise max_file_bytes in .csp.yaml if this file is meant to be this big',
      },
    );
  }
  // NOTE: the text keeps a byte order mark (Buffer#toString does not strip it): the edit engine
  // writes it back, and a file must read the same here as where csp checks it is unchanged
  // (journal.ts). isUtf8 checks as strictly as a fatal TextDecoder, without making one a file.
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    throw new CheckFailedError(`${path} is not valid UTF-8 (bad byte at offset ${at})`, {
      code: 'not-utf8',
      file: path,
      hint: 'save the file as UTF-8 in your editor',
    });
  }
  return bytes.toString('utf8');
}

function unreadable(path: string, error: unknown): PreconditionError {
  return new PreconditionError(
    `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    { code: 'file-unreadable', cause: error, hint: 'check the file and its permissions' },
  );
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

// NOTE: the secret check is storage/secrets.ts (one gate for files and stdout); re-exported for callers.
export { assertNoSecrets, guardSecrets } from './secrets.js';

/**
 * Writes text (or bytes) to path atomically (temp file, fsync, rename); creates the folder when
 * missing. Throws UsageError when the text holds a secret (nothing is written). `beforeRename`
 * runs last before the rename (the lock check: a throw there leaves the file untouched).
 */
export function writeFileAtomic(path: string, text: string | Uint8Array, beforeRename?: () => void): void {
  writeFileAtomicChunks(path, [text], beforeRename);
}

/**
 * Writes the chunks, in order, to path atomically (as writeFileAtomic), without joining them
 * first: for large generated files (the validation cache) that would otherwise exist twice in
 * memory. Every chunk, text or bytes, is checked for secrets.
 */
export function writeFileAtomicChunks(
  path: string,
  chunks: Iterable<string | Uint8Array>,
  beforeRename?: () => void,
): void {
  const writer = openAtomicWriter(path);
  // NOTE: each chunk is checked and written as it comes, so a generator's chunks never all exist
  // at once; a chunk that holds a secret stops the write and the temp file goes.
  try {
    for (const chunk of chunks) writer.write(chunk);
  } catch (error) {
    writer.abort();
    throw error;
  }
  writer.commit(beforeRename);
}

/** A file being written atomically, a chunk at a time (openAtomicWriter). */
export interface AtomicWriter {
  /**
   * Writes a chunk to the temp file, all of it (a short write is continued). Throws UsageError
   * when a text chunk holds a secret, PreconditionError when the file system refuses (abort then).
   */
  write(chunk: string | Uint8Array): void;
  /**
   * fsyncs and closes the temp file and checks that it holds every byte written (its size), so
   * that only the renames are left; commit does it when it was not done. On any error the temp
   * file is gone and the error (PreconditionError for the file system's) is thrown.
   */
  flush(): void;
  /**
   * flush, then renames the temp file over the target; `beforeRename` runs last before the
   * rename (the lock check: a throw there leaves the target untouched). On any error the temp
   * file is gone and the error is thrown.
   */
  commit(beforeRename?: () => void): void;
  /** Closes and removes the temp file; the target is untouched. Never throws. */
  abort(): void;
}

/** The errno codes that mean the file system refused a write (not a bug of csp's): fileSystemError. */
const REFUSED: Record<string, { cause: string; hint: (dir: string) => string }> = {
  ENOSPC: {
    cause: 'no space left on the device',
    hint: (dir) => `free some space (df -h ${dir}) and run the command again`,
  },
  EDQUOT: {
    cause: 'the disk quota is used up',
    hint: (dir) => `free some space under your quota (quota -s; df -h ${dir}) and run the command again`,
  },
  EFBIG: {
    cause: 'the file would exceed the file size limit',
    hint: () => 'raise the limit (ulimit -f unlimited) and run the command again',
  },
  EACCES: {
    cause: 'permission denied',
    hint: (dir) => `check who may write there (ls -ld ${dir}) and run the command again`,
  },
  EPERM: {
    cause: 'the operation is not permitted',
    hint: (dir) =>
      `check the permissions and attributes of the folder (ls -ld ${dir}; lsattr -d ${dir}) and run the command again`,
  },
  EROFS: {
    cause: 'the file system is read-only',
    hint: () => 'run the command in a clone on a writable disk, or remount it read-write',
  },
  EIO: {
    cause: 'an input/output error of the device',
    hint: () => 'check the disk (dmesg), then run the command again',
  },
};

/**
 * The error to show for a file-system error of a read or write of path: PreconditionError (exit 3)
 * naming the file, the cause and the errno code for a refusal (ENOSPC, EDQUOT, EFBIG, EACCES,
 * EPERM, EROFS, EIO); any other error as it is. A CspError passes through.
 */
export function fileSystemError(
  error: unknown,
  path: string,
  doing: 'write' | 'read' | 'open' | 'remove' = 'write',
  existed = true,
): unknown {
  // Stryker disable next-line ConditionalExpression: equivalent: a CspError's code is never an errno code, so it is returned as it is below too
  if (error instanceof CspError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  const refused = code && Object.hasOwn(REFUSED, code) ? REFUSED[code] : undefined;
  if (!refused) return error;
  const dir = dirname(path);
  const kept =
    doing === 'read' || doing === 'open'
      ? ''
      : existed
        ? `; ${basename(path)} is unchanged`
        : `; ${basename(path)} was not created`;
  return new PreconditionError(`could not ${doing} ${path}: ${refused.cause} (${code})${kept}`, {
    code: `fs-${code!.toLowerCase()}`,
    cause: error,
    hint: refused.hint(dir),
  });
}

/** Writes all of bytes to fd (a write may take fewer bytes than it was given: it is continued). */
function writeAll(fd: number, bytes: Uint8Array, target: string, offset: number): void {
  for (let done = 0; done < bytes.length; ) {
    const want = faultOnWrite(target, offset + done, bytes.length - done);
    const n = writeSync(fd, bytes, done, want);
    if (n <= 0) throw Object.assign(new Error(`EIO: write of ${target} made no progress`), { code: 'EIO' });
    done += n;
  }
}

/**
 * The permission bits of the file at path (undefined: no such file, or not a regular file).
 * Throws PreconditionError (exit 3) when its owner may not write it.
 */
function writableMode(path: string): number | undefined {
  let mode: number | undefined;
  try {
    const stat = statSync(path);
    if (stat.isFile()) mode = stat.mode & 0o7777;
  } catch {
    mode = undefined;
  }
  if (mode !== undefined && (mode & 0o200) === 0) {
    throw new PreconditionError(
      `${path} is read-only (mode ${mode.toString(8).padStart(4, '0')}); csp did not change it`,
      {
        code: 'read-only-file',
        hint: `make it writable if it is meant to change (chmod u+w ${path}), then run the command again`,
      },
    );
  }
  return mode;
}

/**
 * Creates path's folders and its temp file (`.<name>.csp-tmp-<pid>-<n>`, with mode, 0644 when
 * undefined). Returns the open descriptor, the temp path and `unmake`, which removes the folders
 * this call created. Throws failed(error) (the folders removed) when either cannot be made.
 */
function openTemp(
  path: string,
  mode: number | undefined,
  failed: (error: unknown) => unknown,
): { fd: number; tmp: string; unmake: () => void } {
  const tmp = join(dirname(path), `.${basename(path)}.csp-tmp-${process.pid}-${++counter}`);
  // NOTE: the folders this write creates go again when it fails (a snapshot that could not be
  // written leaves no empty csp_history/ behind).
  let made: string | undefined;
  const unmake = () => {
    for (let dir = dirname(path); made !== undefined && dir.length >= made.length; dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        break;
      }
    }
  };
  try {
    made = mkdirSync(dirname(path), { recursive: true });
    faultOnOpen(path);
    return { fd: openSync(tmp, 'wx', mode ?? 0o644), tmp, unmake };
  } catch (error) {
    unmake();
    throw failed(error);
  }
}

/**
 * Starts an atomic write of path (the parents are created): a temp file beside it
 * (`.<name>.csp-tmp-<pid>-<n>`), written chunk by chunk while other work goes on (the validation
 * cache of a scan), then committed or aborted. An existing file's mode is kept (0600 stays
 * 0600). Throws PreconditionError (exit 3) when path is a link out of the InfoHub, the file is
 * read-only (its owner may not write it: checked on the mode bits, so as root too), or the temp
 * file cannot be created.
 */
export function openAtomicWriter(path: string): AtomicWriter {
  checkWrite(path);
  const mode = writableMode(path);
  const failed = (error: unknown) => fileSystemError(error, path, 'write', mode !== undefined);
  const { fd, tmp, unmake } = openTemp(path, mode, failed);
  let open = true;
  let flushed = false;
  let written = 0;
  const close = () => {
    if (!open) return;
    open = false;
    closeSync(fd);
  };
  const abort = () => {
    try {
      close();
    } catch {
      // NOTE: the temp file is removed below whatever close said.
    }
    rmSync(tmp, { force: true });
    unmake();
  };
  const flush = () => {
    if (flushed) return;
    try {
      // NOTE: the mode given to open is masked by the umask; the file's own mode is set again here.
      if (mode !== undefined) fchmodSync(fd, mode);
      fsyncSync(fd);
      const size = fstatSync(fd).size;
      if (size !== written)
        throw Object.assign(new Error(`EIO: ${tmp} holds ${size} of the ${written} bytes written`), { code: 'EIO' });
      close();
    } catch (error) {
      abort();
      throw failed(error);
    }
    flushed = true;
  };
  try {
    if (mode !== undefined) fchmodSync(fd, mode);
  } catch (error) {
    abort();
    throw failed(error);
  }
  return {
    write(chunk) {
      if (flushed) throw new Error(`${path}: write after flush`);
      // NOTE: text and bytes (a PDF) alike: one check on every output path (storage/secrets.ts).
      assertNoSecrets(path, chunk);
      // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent: Buffer.from copies bytes as they are, and UTF-8 is its default encoding
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      try {
        writeAll(fd, bytes, path, written);
      } catch (error) {
        throw failed(error);
      }
      written += bytes.length;
    },
    flush,
    commit(beforeRename) {
      flush();
      // Stryker disable next-line StringLiteral: a test hook's label (CSP_TEST_SLOW_WRITES), read by the end-to-end crash test only
      writeStep(`rename ${basename(path)}`);
      try {
        beforeRename?.();
        renameSync(tmp, path);
      } catch (error) {
        try {
          unlinkSync(tmp);
        } catch {
          // NOTE: the temp file may already be gone; the rename error is what matters.
        }
        unmake();
        throw failed(error);
      }
      fsyncDir(dirname(path));
    },
    abort,
  };
}

/** Removes a file (durably: the folder is fsynced); a file already gone is fine. `before` runs first (the lock check). */
export function removeFile(path: string, before?: () => void): void {
  checkWrite(path);
  before?.();
  try {
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw fileSystemError(error, path, 'remove');
  }
  fsyncDir(dirname(path));
}

/** Creates a file that must not exist yet (atomic as writeFileAtomic); throws PreconditionError when it does. */
export function createFileAtomic(path: string, text: string): void {
  if (exists(path))
    throw new PreconditionError(`${path} already exists`, {
      code: 'file-exists',
      hint: 'csp never overwrites a file it did not open: edit it, or remove it first',
    });
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

/** The temp file name pattern of writeFileAtomic: `.<name>.csp-tmp-<pid>-<n>`. */
const TEMP_FILE = /^\..+\.csp-tmp-(\d+)-\d+$/;

/**
 * Removes temp files that a killed csp left beside the files of a folder: those of a process
 * that is gone, or older than a minute. With `all` (the caller holds the lock of every writer
 * of this folder), every temp file but this process's own.
 */
export function sweepTempFiles(dir: string, now = Date.now(), options: { all?: boolean } = {}): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = TEMP_FILE.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid) continue;
    const path = join(dir, name);
    try {
      // Stryker disable next-line EqualityOperator: a millisecond of the age; tests assert no wall-clock times (issue 19)
      if (options.all || !processAlive(pid) || now - statSync(path).mtimeMs > 60_000) {
        unlinkSync(path);
        removed++;
      }
    } catch {
      // NOTE: another process may have removed or renamed it meanwhile.
    }
  }
  return removed;
}

/** True when a process with this id runs on this machine (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** fsyncs a folder so that a rename or unlink in it survives a crash (best effort). */
// Stryker disable next-line BlockStatement: durability across a power cut only, which no test can observe
function fsyncDir(dir: string): void {
  // NOTE: makes the rename durable on a crash; not supported on every platform, so best effort.
  let fd: number | undefined;
  // Stryker disable next-line BlockStatement: durability across a power cut only, which no test can observe
  try {
    // Stryker disable next-line StringLiteral: durability across a power cut only
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // ignore: durability of the directory entry is best effort
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
