/**
 * The validation cache of an InfoHub: `<root>/.csp/cache/scan-v2.ndjson`, git-ignored by
 * `<root>/.csp/cache/.gitignore` (`*`). An entry holds one document's issues, summary and portfolio entry,
 * keyed by the document's content (sha1), and the whole cache by csp's version, the schemas'
 * content and the settings that change what validation says. A document whose size, mtime, ctime
 * and inode are those recorded is trusted without being read, as git's index does, unless it was
 * modified within RACY_MS of the cache being written (then it is read and hashed).
 *
 * The file is one JSON value a line: first `{"key", "written"}`, then `[relative path, entry]` for
 * each document. It is read a line at a time from a small buffer, so that loading the cache of
 * 40,000 documents (20 MB with the portfolio entries) never holds its whole text as well as its
 * objects (issue 4: peak memory).
 *
 * The cache is an optimisation: a cache that cannot be read is ignored, and one that cannot be
 * written is skipped, never failing a command.
 */
import { closeSync, mkdirSync, openSync, readSync, rmSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { PlanEntry } from '../domain/portfolio.js';
import { exists, writeFileAtomic, writeFileAtomicChunks } from './files.js';
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
  private dirty = false;

  private constructor(
    private readonly root: string,
    private readonly key: string,
    data: CacheFile | undefined,
  ) {
    this.file = join(root, '.csp', 'cache', CACHE_FILE);
    const fresh = data && data.key === key;
    this.entries = fresh ? data.files : Object.create(null);
    this.count = Object.keys(this.entries).length;
    this.written = fresh ? data.written : 0;
    this.dirty = !!data && !fresh;
  }

  /** Loads the cache of root for this key; an unreadable or stale cache gives an empty one. */
  static load(root: string, key: string): ScanCache {
    const file = join(root, '.csp', 'cache', CACHE_FILE);
    let data: CacheFile | undefined;
    try {
      data = readCacheFile(file, key);
    } catch {
      // NOTE: no cache yet, or a damaged one (killed mid-write by another tool, edited by hand): it is rebuilt.
      data = undefined;
    }
    return new ScanCache(root, key, data);
  }

  /** How many documents the cache knows. */
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
    if (!e || !sameStamp(e, stat)) return undefined;
    return stat.mtimeMs < this.written - RACY_MS ? e : undefined;
  }

  /** The entry for a document whose content hash is known (its stat changed, its text maybe not). */
  byHash(path: string, hash: string, stat: FileStamp): CacheEntry | undefined {
    const e = this.entries[this.rel(path)];
    if (!e || e.hash !== hash) return undefined;
    if (!sameStamp(e, stat)) {
      Object.assign(e, { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino });
      this.dirty = true;
    }
    return e;
  }

  /** Records a scanned document. */
  put(path: string, stat: FileStamp, outcome: ScanOutcome, entryKey?: string): void {
    if (!outcome.hash) return;
    const rel = this.rel(path);
    if (!(rel in this.entries)) this.count++;
    this.entries[rel] = {
      hash: outcome.hash,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      ctimeMs: stat.ctimeMs,
      ino: stat.ino,
      ...(outcome.issues.length > 0 ? { issues: outcome.issues } : {}),
      ...(outcome.summary.account !== undefined ? { summary: outcome.summary } : {}),
      ...(outcome.entry && entryKey ? { entry: outcome.entry, entryKey } : {}),
    };
    this.dirty = true;
  }

  /** Drops documents that were not seen in this scan (removed accounts), when the scan covered the whole InfoHub. */
  retain(paths: ReadonlySet<string>): void {
    for (const rel of Object.keys(this.entries)) {
      if (!paths.has(join(this.root, rel))) {
        delete this.entries[rel];
        this.count--;
        this.dirty = true;
      }
    }
  }

  /** Writes the cache when it changed (and the .gitignore inside its folder). Best effort: never throws. */
  save(now: number): void {
    if (!this.dirty) return;
    try {
      mkdirSync(join(this.root, '.csp', 'cache'), { recursive: true });
      // NOTE: the cache folder ignores itself (as .pytest_cache does): it is local to each clone,
      // and a validate run leaves nothing for `git status` to show.
      const ignore = join(this.root, '.csp', 'cache', '.gitignore');
      if (!exists(ignore)) writeFileAtomic(ignore, '# csp: the validation cache is local to each clone\n*\n');
      // NOTE: written a line at a time: one JSON.stringify of 40,000 entries would hold the whole
      // cache twice in memory at the end of the largest scans.
      const entries = this.entries;
      const key = this.key;
      writeFileAtomicChunks(
        this.file,
        (function* () {
          let buffer = `${JSON.stringify({ key, written: now })}\n`;
          for (const rel in entries) {
            buffer += `${JSON.stringify([rel, entries[rel]])}\n`;
            if (buffer.length > 65_536) {
              yield buffer;
              buffer = '';
            }
          }
          yield buffer;
        })(),
      );
      rmSync(join(this.root, '.csp', 'cache', OLD_CACHE_FILE), { force: true });
      this.dirty = false;
    } catch {
      // NOTE: a read-only InfoHub (a CI checkout, a mounted share) still validates; only slower next time.
    }
  }
}

/**
 * Reads a cache file a line at a time (see the module comment). A file written for another key
 * gives its key and no entries (they are not parsed at all); throws when it is damaged.
 */
function readCacheFile(file: string, key: string): CacheFile {
  const fd = openSync(file, 'r');
  try {
    const files: Record<string, CacheEntry> = Object.create(null);
    let header: { key: string; written: number } | undefined;
    let rest: Buffer = Buffer.alloc(0);
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    for (let read = readSync(fd, chunk, 0, READ_CHUNK, null); ; read = readSync(fd, chunk, 0, READ_CHUNK, null)) {
      // NOTE: lines are cut at the newline byte, which never occurs inside a UTF-8 sequence.
      const bytes = rest.length > 0 ? Buffer.concat([rest, chunk.subarray(0, read)]) : chunk.subarray(0, read);
      let start = 0;
      for (let nl = bytes.indexOf(10, start); nl !== -1; nl = bytes.indexOf(10, start)) {
        const line = JSON.parse(bytes.toString('utf8', start, nl)) as unknown;
        start = nl + 1;
        if (!header) {
          header = line as { key: string; written: number };
          if (header.key !== key) return { key: header.key, written: 0, files };
          continue;
        }
        const [rel, entry] = line as [string, CacheEntry];
        files[rel] = entry;
      }
      rest = Buffer.from(bytes.subarray(start));
      if (read === 0) break;
    }
    if (!header || rest.length > 0) throw new Error(`the validation cache ${file} is incomplete`);
    return { key: header.key, written: header.written, files };
  } finally {
    closeSync(fd);
  }
}
