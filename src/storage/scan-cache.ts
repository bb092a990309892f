/**
 * The validation cache of an InfoHub: `scan-v2.ndjson` in validationCacheDir(root) (under the git
 * dir, or the user's cache folder: never in the work tree, where git could carry a cache from one
 * clone to another and make it pass a plan it never checked; issue 19). An entry holds one document's issues, summary and portfolio entry,
 * keyed by the document's content (sha1), and the whole cache by csp's version, the schemas'
 * content and the settings that change what validation says. A document whose size, mtime, ctime
 * and inode are those recorded is trusted without being read, as git's index does, unless it was
 * modified within RACY_MS of the cache being written (then it is read and hashed).
 *
 * The file is one JSON value a line: first `{"key", "written"}`, then `[relative path, entry]` for
 * each document. It is read a line at a time from a small buffer, so that loading the cache of
 * 40,000 documents (20 MB with the portfolio entries) never holds its whole text as well as its
 * objects; and the new file is written while the scan runs, a line for each document as its
 * outcome arrives, so that the scan does not keep each document's stamp and hash until the end
 * (about 5 MiB at 40,000 documents; issue 4: peak memory). The lines of the documents the cache
 * answered follow at save, and the new file replaces the old one atomically then.
 *
 * The cache is an optimisation: a cache that cannot be read is ignored, and one that cannot be
 * written is skipped, never failing a command.
 */
import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmdirSync, rmSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { PlanEntry } from '../domain/portfolio.js';
import { LEGACY_CACHE_DIR, validationCacheDir } from './cache-location.js';
import { exists, openAtomicWriter, sweepTempFiles, type AtomicWriter } from './files.js';
import type { DocSummary, ScanOutcome } from './scan-work.js';

/** Modifications this close (ms) to the cache's own write are not trusted by stat alone. */
export const RACY_MS = 2_000;

/** What identifies a file's version without reading it (as git's index keeps it). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** The stamp of a file's stat. */
export function stampOf(stat: Stats): FileStamp {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
}

/** True when two stamps name the same version of a file. */
function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/** One cached document: its stamp when it was read, and what checking it said. */
export interface CacheEntry extends FileStamp {
  hash: string;
  /** Absent when there are none (most documents): the file stays small. */
  issues?: ScanOutcome['issues'];
  /** Absent for documents that are not plans. */
  summary?: DocSummary;
  /** The portfolio entry, valid for entryKey (as-of date and threshold) only. */
  entry?: PlanEntry;
  entryKey?: string;
}

interface CacheFile {
  key: string;
  written: number;
  /** Relative path (to the root) -> entry. */
  files: Record<string, CacheEntry>;
}

const CACHE_FILE = 'scan-v2.ndjson';
/** The cache's folder for an InfoHub. */
const cacheDir = (root: string) => validationCacheDir(root);
/** The format before v2 (one JSON document), removed when the cache is next written. */
const OLD_CACHE_FILE = 'scan-v1.json';
/** Bytes read at a time when loading the cache. */
const READ_CHUNK = 1 << 20;

/** The cache of one InfoHub for one cache key, loaded into memory. */
export class ScanCache {
  private readonly file: string;
  /** Relative path -> entry: the parsed file's own object (a Map copy of 40,000 entries costs memory). */
  private readonly entries: Record<string, CacheEntry>;
  private count: number;
  private readonly written: number;
  /** The time this object was loaded: the new file's `written` (earlier than its last line: the racy check errs safe). */
  private readonly loaded: number;
  private dirty = false;
  /** The new file while documents are recorded (put), with the lines not yet written; undefined before the first. */
  private writer: { out: AtomicWriter; buffer: string } | undefined;
  /** The entries that this run's stat or hash checks confirmed: save keeps them as they are. */
  private readonly checked = new Set<CacheEntry>();
  /** save or discard ran, or a write failed (a read-only InfoHub, a full disk): nothing more is recorded, and the old file stays. */
  private closed = false;

  private constructor(
    private readonly root: string,
    private readonly key: string,
    data: CacheFile | undefined,
    now: number,
    private readonly want: ((rel: string) => boolean) | undefined,
  ) {
    this.loaded = now;
    this.file = join(cacheDir(root), CACHE_FILE);
    const fresh = data && data.key === key;
    this.entries = fresh ? data.files : Object.create(null);
    this.count = Object.keys(this.entries).length;
    this.written = fresh ? data.written : 0;
    this.dirty = !!data && !fresh;
  }

  /**
   * Loads the cache of root for this key; an unreadable or stale cache gives an empty one. `now`
   * is the wall clock (ms): the racy-write guard compares it with file modification times, so it
   * must be the real time, not the command's "today". With `only` (absolute paths), only their
   * entries are held in memory, and save copies the others from the file (see smudged; `csp
   * status` reads 10,000 plans of an InfoHub whose cache knows 40,000 documents).
   */
  static load(root: string, key: string, now = Date.now(), only?: ReadonlySet<string>): ScanCache {
    const file = join(cacheDir(root), CACHE_FILE);
    const want = only ? (rel: string) => only.has(join(root, rel)) : undefined;
    let data: CacheFile | undefined;
    try {
      data = readCacheFile(file, key, want);
    } catch {
      // NOTE: no cache yet, or a damaged one (killed mid-write by another tool, edited by hand): it is rebuilt.
      data = undefined;
    }
    return new ScanCache(root, key, data, now, want);
  }

  /** How many documents the cache holds in memory (with load's `only`, not those it left out). */
  get size(): number {
    return this.count;
  }

  private rel(path: string): string {
    return path.startsWith(this.root + '/') ? path.slice(this.root.length + 1) : path;
  }

  /** True when the cache holds an entry for the document (whatever its version). */
  has(path: string): boolean {
    return this.rel(path) in this.entries;
  }

  /** The entry for a document whose stat is trusted (same size, times and inode, not racy); else undefined. */
  byStat(path: string, stat: FileStamp): CacheEntry | undefined {
    const e = this.entries[this.rel(path)];
    if (!e || !sameStamp(e, stat) || stat.mtimeMs >= this.written - RACY_MS) return undefined;
    this.checked.add(e);
    return e;
  }

  /** The entry for a document whose content hash is known (its stat changed, its text maybe not). */
  byHash(path: string, hash: string, stat: FileStamp): CacheEntry | undefined {
    const e = this.entries[this.rel(path)];
    if (!e || e.hash !== hash) return undefined;
    this.checked.add(e);
    if (!sameStamp(e, stat)) {
      Object.assign(e, { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino });
      this.dirty = true;
    } else if (stat.mtimeMs < this.loaded - RACY_MS) {
      // NOTE: racy under the file's time, but not under this run's: writing the file again lets
      // the next run trust it by stat (else every run after a fresh checkout would hash it all).
      this.dirty = true;
    }
    return e;
  }

  /**
   * Records a scanned document: its line goes to the new cache file now (see the module
   * comment); has/byStat/byHash of this object do not see it. A document without a hash (it could
   * not be read) is not recorded, nor anything after save or discard (a worker still reporting
   * after the scan failed). Never throws: a failed write leaves the cache as it was.
   */
  put(path: string, stat: FileStamp, outcome: ScanOutcome, entryKey?: string): void {
    if (!outcome.hash || this.closed) return;
    const rel = this.rel(path);
    if (rel in this.entries) delete this.entries[rel];
    else this.count++;
    this.dirty = true;
    this.line(rel, entryOf(stat, outcome, entryKey));
  }

  /**
   * Drops documents that were not seen in this scan (removed accounts), when the scan covered the
   * whole InfoHub. Documents recorded with put were seen.
   */
  retain(paths: ReadonlySet<string>): void {
    for (const rel of Object.keys(this.entries)) {
      if (!paths.has(join(this.root, rel))) {
        delete this.entries[rel];
        this.count--;
        this.dirty = true;
      }
    }
  }

  /**
   * Writes the lines of the documents this cache answered and puts the new file in place, when
   * anything changed (with the .gitignore inside its folder). Best effort: never throws.
   */
  save(): void {
    if (this.dirty && !this.closed) {
      for (const rel in this.entries) this.line(rel, this.smudged(this.entries[rel], this.written));
      // NOTE: also when this load left nothing out: another csp may have written the file since.
      if (this.want) this.copyOthers(this.want);
      if (!this.closed) {
        try {
          const writer = this.open();
          writer.out.write(writer.buffer);
          writer.out.commit();
          this.writer = undefined;
          rmSync(join(cacheDir(this.root), OLD_CACHE_FILE), { force: true });
          removeLegacyCache(this.root);
          this.dirty = false;
        } catch {
          // NOTE: a read-only InfoHub (a CI checkout, a mounted share) still validates; only slower next time.
        }
      }
    }
    this.discard();
  }

  /** Drops the new file, if one was started (a scan that stopped early), and records nothing more. Never throws. */
  discard(): void {
    this.closed = true;
    this.writer?.out.abort();
    this.writer = undefined;
  }

  /**
   * Copies the entries that this cache does not hold (load's `only` left them out, or another csp
   * wrote them since) from the current file, which save has not replaced yet.
   */
  private copyOthers(want: (rel: string) => boolean): void {
    try {
      let written: number | undefined;
      for (const line of cacheLines(this.file, this.key)) {
        if (written === undefined) {
          const header = line as { key: string; written: number };
          // NOTE: another csp wrote a cache for another key meanwhile: it has nothing for this one.
          if (header.key !== this.key) return;
          written = Math.min(header.written, this.written);
          continue;
        }
        const [rel, entry] = line as [string, CacheEntry];
        if (!want(rel)) this.line(rel, this.smudged(entry, written));
      }
    } catch {
      // NOTE: the file went or broke meanwhile: the entries left out are lost, and rebuilt when needed.
    }
  }

  /**
   * An entry read from a file written at `written`, as the new file may keep it. The new file's
   * `written` is later, so an entry whose file was modified within RACY_MS before `written` (and
   * that this run did not check) would pass the stat check next time although its text may have
   * changed within the same timestamp: its size is set to -1 (as git smudges racily clean index
   * entries), so the next run checks it by hash.
   */
  private smudged(e: CacheEntry, written: number): CacheEntry {
    if (this.checked.has(e)) return e;
    return e.mtimeMs >= written - RACY_MS || e.ctimeMs >= written - RACY_MS ? { ...e, size: -1 } : e;
  }

  /** Adds a document's line to the new file (buffered). */
  private line(rel: string, entry: CacheEntry): void {
    if (this.closed) return;
    try {
      const writer = this.open();
      writer.buffer += `${JSON.stringify([rel, entry])}\n`;
      if (writer.buffer.length > 65_536) {
        writer.out.write(writer.buffer);
        writer.buffer = '';
      }
    } catch {
      this.discard();
    }
  }

  /** The new file, started on first use with its header (and the folder's .gitignore). */
  private open(): { out: AtomicWriter; buffer: string } {
    if (this.writer) return this.writer;
    const dir = cacheDir(this.root);
    mkdirSync(dir, { recursive: true });
    // NOTE: a csp killed mid-scan leaves its temp file here; the next one removes it.
    sweepTempFiles(dir, this.loaded);
    this.writer = {
      out: openAtomicWriter(this.file),
      buffer: `${JSON.stringify({ key: this.key, written: this.loaded })}\n`,
    };
    return this.writer;
  }
}

/**
 * Removes the in-tree cache of older csp versions (`<root>/.csp/cache/`, never read now) when it
 * is the one csp made (its .gitignore says so). Best effort.
 */
function removeLegacyCache(root: string): void {
  const dir = LEGACY_CACHE_DIR(root);
  const ignore = join(dir, '.gitignore');
  try {
    if (!exists(ignore) || !readFileSync(ignore, 'utf8').startsWith('# csp: the validation cache')) return;
    for (const name of [CACHE_FILE, OLD_CACHE_FILE, '.gitignore']) rmSync(join(dir, name), { force: true });
    rmdirSync(dir);
  } catch {
    // NOTE: a folder with other files in it stays.
  }
}

/** The cache entry of a scanned document: its stamp, hash and what checking it said (empty parts left out). */
function entryOf(stat: FileStamp, outcome: ScanOutcome, entryKey: string | undefined): CacheEntry {
  return {
    hash: outcome.hash!,
    size: stat.size,
    mtimeMs: stat.mtimeMs,
    ctimeMs: stat.ctimeMs,
    ino: stat.ino,
    ...(outcome.issues.length > 0 ? { issues: outcome.issues } : {}),
    ...(outcome.summary.account !== undefined ? { summary: outcome.summary } : {}),
    ...(outcome.entry && entryKey ? { entry: outcome.entry, entryKey } : {}),
  };
}

/**
 * The lines of a cache file, read a line at a time (see the module comment): the header, then
 * each [relative path, entry]. Stops after the header when the file was written for another key.
 * Throws when the file is missing or damaged (a line that is not JSON, a file cut short).
 */
function* cacheLines(file: string, key: string): Generator<{ key: string; written: number } | [string, CacheEntry]> {
  const fd = openSync(file, 'r');
  try {
    let header = false;
    let rest: Buffer = Buffer.alloc(0);
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    for (let read = readSync(fd, chunk, 0, READ_CHUNK, null); ; read = readSync(fd, chunk, 0, READ_CHUNK, null)) {
      // NOTE: lines are cut at the newline byte, which never occurs inside a UTF-8 sequence.
      const bytes = rest.length > 0 ? Buffer.concat([rest, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let nl = bytes.indexOf(10, start); nl !== -1; nl = bytes.indexOf(10, start)) {
        const line = JSON.parse(bytes.toString('utf8', start, nl)) as
          | { key: string; written: number }
          | [string, CacheEntry];
        start = nl + 1;
        yield line;
        if (!header) {
          header = true;
          if ((line as { key: string }).key !== key) return;
        }
      }
      rest = Buffer.from(bytes.subarray(start));
      if (read === 0) break;
    }
    if (!header || rest.length > 0) throw new Error(`the validation cache ${file} is incomplete`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a cache file (cacheLines) into memory, keeping only the entries `want` accepts (all
 * without it). A file written for another key gives its key and no entries.
 */
function readCacheFile(file: string, key: string, want?: (rel: string) => boolean): CacheFile {
  const files: Record<string, CacheEntry> = Object.create(null);
  let header: { key: string; written: number } | undefined;
  for (const line of cacheLines(file, key)) {
    if (!header) {
      header = line as { key: string; written: number };
      continue;
    }
    const [rel, entry] = line as [string, CacheEntry];
    if (!want || want(rel)) files[rel] = entry;
  }
  return { key: header!.key, written: header!.key === key ? header!.written : 0, files };
}
