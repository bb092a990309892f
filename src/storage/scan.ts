/**
 * Reading the whole InfoHub fast (issue 4; PERFORMANCE.md): `csp validate` with no paths and
 * `csp status` scan every document through here.
 *
 * 1. Look each document up in the validation cache (scan-cache.ts): by stat, else by content hash.
 * 2. Scan what the cache does not answer (scan-work.ts: read with the sync API, parse with js-yaml,
 *    check with the validators compiled at build time): in worker threads (scan-worker.ts) when
 *    there are many, else in this thread. Workers read the files themselves, so no text crosses
 *    threads, and only the small outcomes are kept (10,000 plans fit in well under 150 MiB).
 * 3. Record each new outcome in the cache as it arrives (scan-cache.ts writes its line at once),
 *    and save the cache at the end.
 * Outcomes come back in the order of the targets.
 */
import { guardedHub, isLinkErrorCode } from './gate.js';
import { PreconditionError } from '../errors.js';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCHEMA_FILES, type DocKind } from '../schema/documents.js';
import { readSchemaText } from '../schema/schemas.js';
import { exists } from './files.js';
import { LARGE_HUB, boundYoungGeneration } from './heap.js';
import { ScanCache, stampOf, type FileStamp } from './scan-cache.js';
import {
  NO_ISSUES,
  NO_SUMMARY,
  contentHasher,
  scanOne,
  type ScanOutcome,
  type ScanSettings,
  type ScanTarget,
} from './scan-work.js';

/** Below this many documents to parse, worker threads cost more than they save. */
export const WORKER_THRESHOLD = 400;

/** Reports progress (cli/progress.ts); every method is optional work for the caller. */
export interface ScanProgress {
  start(total: number): void;
  tick(done: number): void;
  done(): void;
}

/** How to scan. */
export interface ScanOptions extends ScanSettings {
  /** The InfoHub root: enables the cache (under the git dir, or the user's cache folder: storage/cache-location.ts). */
  cacheRoot?: string;
  /** csp's version, part of the cache key. */
  version: string;
  /** The targets are the whole InfoHub: cached documents not among them are dropped. */
  wholeHub?: boolean;
  progress?: ScanProgress;
  /** Worker threads to use at most (default: the CPUs, up to 4; 0 scans in this thread). */
  maxWorkers?: number;
  /**
   * Return only the errors of each document, not its warnings and gaps (the cache still records
   * them all): csp status needs a plan's entry, or the error that kept it out. At 10,000 plans the
   * main thread's heap at the end of the scan went from 39 to 36 MiB (issue 4).
   */
  errorsOnly?: boolean;
}

const WORKER_URL = new URL('./scan-worker.js', import.meta.url);

/**
 * Heap limits of a scan worker, in MiB. A worker keeps nothing between files (a plan parses into
 * well under 1 MiB), but V8 lets an unlimited heap grow to hundreds of MiB before collecting.
 * NOTE: the caps trade speed for memory (issue 4: a whole-InfoHub command peaks under 150 MiB at
 * 10,000 accounts). The young generation is large enough that a document's parse tree dies there
 * instead of being promoted; the old generation is the smallest that keeps the scan fast with a
 * margin under the bound. The measurements behind both figures: docs/performance.md "Scan workers".
 */
export const WORKER_LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 8 } as const;

/** Hashes a document's bytes for the cache. */
type ContentHash = (text: string | Uint8Array) => string;

/** The scan cache of `options.cacheRoot` with its hasher, or nothing when there is no cache folder. */
async function openCache(
  targets: readonly ScanTarget[],
  options: ScanOptions,
): Promise<{ cache?: ScanCache; contentHash?: ContentHash }> {
  const contentHash = options.cacheRoot && exists(options.cacheRoot) ? await contentHasher() : undefined;
  if (!contentHash) return {};
  // NOTE: a scan of part of the InfoHub (csp status reads the plans only) holds only its documents' entries.
  const cache = ScanCache.load(
    options.cacheRoot!,
    cacheKey(options, contentHash),
    Date.now(),
    options.wholeHub ? undefined : new Set(targets.map((t) => t.path)),
  );
  return { cache, contentHash };
}

/**
 * The cached outcome of a document unchanged since it was cached (by stat, else by hash), or
 * undefined when it must be scanned: unknown, changed, unreadable, or its portfolio entry is stale.
 */
function cachedOutcome(
  t: ScanTarget,
  cache: ScanCache,
  contentHash: ContentHash,
  options: ScanOptions,
  entryKey: string | undefined,
): ScanOutcome | undefined {
  let stat: FileStamp | undefined;
  try {
    stat = stampOf(statSync(t.path));
  } catch {
    stat = undefined;
  }
  if (!stat) return undefined;
  let hit = cache.byStat(t.path, stat);
  // NOTE: hashing can only find a document the cache knows; a new one is read once, by the scan.
  if (!hit && cache.has(t.path)) {
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(t.path);
    } catch {
      bytes = undefined;
    }
    if (bytes !== undefined) hit = cache.byHash(t.path, contentHash(bytes), stat);
  }
  if (!hit) return undefined;
  const outcome: ScanOutcome = {
    path: t.path,
    kind: t.kind,
    issues: options.errorsOnly ? errorsOf(hit.issues) : (hit.issues ?? NO_ISSUES),
    summary: hit.summary ?? NO_SUMMARY,
  };
  if (entryKey && t.kind === 'csp' && hit.summary?.account !== undefined) {
    // NOTE: another day or threshold: the portfolio entry must be recomputed from the plan.
    if (hit.entryKey !== entryKey || !hit.entry) return undefined;
    outcome.entry = hit.entry;
  }
  return outcome;
}

/**
 * Scans the documents the cache did not answer, in workers past WORKER_THRESHOLD or here;
 * hands each outcome to `keep` with how many are done.
 */
async function scanMisses(
  targets: readonly ScanTarget[],
  misses: number[],
  settings: ScanSettings,
  options: ScanOptions,
  keep: (index: number, outcome: ScanOutcome, done: number) => void,
): Promise<void> {
  // NOTE: past the threshold even one CPU gets a worker: its capped heap (WORKER_LIMITS) is what
  // keeps the memory of a large scan bounded.
  const many = misses.length >= WORKER_THRESHOLD && options.maxWorkers !== 0 && exists(fileURLToPath(WORKER_URL));
  const workers = many
    ? Math.min(
        options.maxWorkers ?? Math.min((await import('node:os')).availableParallelism(), 4),
        Math.ceil(misses.length / 200),
      )
    : 0;
  if (many && workers >= 1) {
    await scanInWorkers(targets, misses, settings, workers, keep);
  } else {
    let done = 0;
    for (const i of misses) keep(i, await scanOne(targets[i], settings), ++done);
  }
}

/** Scans the documents; see the module comment. Never throws for a bad document. */
export async function scanDocuments(targets: readonly ScanTarget[], options: ScanOptions): Promise<ScanOutcome[]> {
  // NOTE: the caller may have bounded it already, when it listed the accounts (storage/heap.ts).
  if (targets.length >= LARGE_HUB) boundYoungGeneration();
  const entryKey = options.entries ? `${options.entries.asOf}|${options.entries.minArrUsd}` : undefined;
  const { cache, contentHash } = await openCache(targets, options);
  const settings: ScanSettings = {
    maxBytes: options.maxBytes,
    requireManagerApproval: options.requireManagerApproval,
    ...(options.entries ? { entries: options.entries } : {}),
    hash: !!cache,
  };
  const results: ScanOutcome[] = new Array(targets.length);
  const misses: number[] = [];
  // NOTE: with an empty cache (a first run) every document is a miss: the workers stat what they
  // read, so this thread holds no 40,000 stats.
  const lookup = cache && cache.size > 0;
  for (let i = 0; i < targets.length; i++) {
    const hit = lookup ? cachedOutcome(targets[i], cache, contentHash!, options, entryKey) : undefined;
    if (hit) results[i] = hit;
    else misses.push(i);
  }

  const progress = options.progress;
  progress?.start(misses.length);
  /** Keeps a new outcome; its stamp and hash go to the cache now, and are not kept (issue 4: peak memory). */
  const keep = (i: number, outcome: ScanOutcome, done: number) => {
    // A document that could not be read has no stamp (and no hash): nothing to cache for it.
    if (cache && outcome.stamp) cache.put(targets[i].path, outcome.stamp, outcome, entryKey);
    // NOTE: not `delete`, which turns each of 40,000 outcomes into a larger dictionary-mode object.
    outcome.stamp = undefined;
    outcome.hash = undefined;
    if (options.errorsOnly) outcome.issues = errorsOf(outcome.issues);
    results[i] = outcome;
    progress?.tick(done);
  };
  try {
    await scanMisses(targets, misses, settings, options, keep);
    progress?.done();
    if (cache) {
      if (options.wholeHub) cache.retain(new Set(targets.map((t) => t.path)));
      cache.save();
    }
  } finally {
    // NOTE: a scan that stopped on an unexpected error leaves no half-written cache behind.
    cache?.discard();
  }
  refuseLinks(results);
  return results;
}

/**
 * A document that is a symbolic link out of the InfoHub or into another account is not a broken
 * document but one csp refuses to open (storage/gate.ts): the scan ends with PreconditionError
 * (exit 3) naming every such link, whatever else it found.
 */
function refuseLinks(outcomes: readonly ScanOutcome[]): void {
  const links = outcomes.flatMap((o) =>
    o.issues.flatMap((i) => (isLinkErrorCode(i.code) ? [{ ...i, code: i.code }] : [])),
  );
  if (links.length === 0) return;
  const more =
    links.length > 1
      ? ` (and ${links.length - 1} more: ${links
          .slice(1, 4)
          .map((l) => l.message.split(' ')[0])
          .join(', ')}${links.length > 4 ? ', ...' : ''})`
      : '';
  throw new PreconditionError(`${links[0].message}${more}`, { code: links[0].code, hint: links[0].hint });
}

const interned = new Map<string, string>();
const intern = <T extends string | undefined>(s: T): T => {
  if (s === undefined) return s;
  let v = interned.get(s);
  if (v === undefined) interned.set(s, (v = s));
  return v as T;
};

/** The errors among a document's issues (the shared empty list when there are none). */
function errorsOf(issues: ScanOutcome['issues'] | undefined): ScanOutcome['issues'] {
  const errors = issues?.filter((i) => i.severity === 'error') ?? [];
  return errors.length === 0 ? NO_ISSUES : errors;
}

/**
 * Shares what 40,000 outcomes repeat (empty issue lists and summaries; the issues' codes,
 * pointers, messages and sources; the account name, phase, status, type, stage and verdict names)
 * instead of holding the copies a worker message makes of each.
 */
function compact(o: ScanOutcome): ScanOutcome {
  if (o.issues.length === 0) o.issues = NO_ISSUES;
  for (const i of o.issues) {
    i.code = intern(i.code);
    i.severity = intern(i.severity);
    i.path = intern(i.path);
    i.message = intern(i.message);
    if (i.source !== undefined) i.source = intern(i.source);
  }
  const s = o.summary;
  o.summary =
    s.account === undefined
      ? NO_SUMMARY
      : { account: s.account, phase: intern(s.phase), status: intern(s.status), planType: intern(s.planType) };
  const e = o.entry;
  if (e) {
    if (e.account === s.account) e.account = s.account;
    e.phase = intern(e.phase);
    e.status = intern(e.status);
    e.planType = intern(e.planType);
    e.verdict = intern(e.verdict);
    if (e.stage !== null) e.stage = intern(e.stage);
    e.reasons = e.reasons.map(intern);
    // NOTE: the milestones listed (due soon, overdue) were a third of status's 26 MiB: their
    // account, ids, due dates and playbook titles repeat across plans.
    for (const list of [e.milestones.dueSoon, e.milestones.overdue]) {
      for (const m of list) {
        if (m.account === e.account) m.account = e.account;
        m.id = intern(m.id);
        m.title = intern(m.title);
        m.due = intern(m.due);
      }
    }
  }
  return o;
}

/** The cache key: csp's version, the schemas' content, and the settings that change the issues. */
function cacheKey(options: ScanOptions, contentHash: (text: string) => string): string {
  const schemas = (Object.keys(SCHEMA_FILES) as DocKind[]).map((k) => readSchemaText(k)).join('\n');
  return `${options.version}|${contentHash(schemas)}|approval=${options.requireManagerApproval}|max=${options.maxBytes}`;
}

/**
 * A worker's slice as scan-worker.ts reads it: the paths and the kinds, each list one string with
 * NUL between items (the one character a path cannot hold).
 */
function packSlice(targets: readonly ScanTarget[]): { paths: string; kinds: string } {
  return { paths: targets.map((t) => t.path).join('\0'), kinds: targets.map((t) => t.kind).join('\0') };
}

/** Splits the documents at these indexes of targets over worker threads (contiguous slices); calls back for each outcome. */
async function scanInWorkers(
  targets: readonly ScanTarget[],
  indexes: readonly number[],
  settings: ScanSettings,
  count: number,
  onOutcome: (index: number, outcome: ScanOutcome, done: number) => void,
): Promise<void> {
  const size = Math.ceil(indexes.length / count);
  const { Worker } = await import('node:worker_threads');
  let done = 0;
  const running: Array<import('node:worker_threads').Worker> = [];
  const all = Promise.all(
    Array.from({ length: count }, (_, w) => {
      const slice = indexes.slice(w * size, (w + 1) * size);
      if (slice.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const worker = new Worker(WORKER_URL, {
          workerData: { ...packSlice(slice.map((i) => targets[i])), settings, hubRoot: guardedHub() },
          resourceLimits: WORKER_LIMITS,
        });
        running.push(worker);
        worker.on('message', (batch: Array<[number, Omit<ScanOutcome, 'path' | 'kind'>]>) => {
          for (const [at, found] of batch) {
            const target = targets[slice[at]];
            onOutcome(slice[at], compact({ path: target.path, kind: target.kind, ...found }), ++done);
          }
        });
        // NOTE: a new worker resets V8's flags, the bound on this thread's young generation with them.
        worker.once('online', boundYoungGeneration);
        worker.once('error', reject);
        worker.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`a scan worker stopped with exit code ${code}`)),
        );
      });
    }),
  );
  try {
    await all;
  } catch (error) {
    // NOTE: one worker failed: the others stop too, rather than scan on for an answer nobody reads.
    await Promise.all(running.map((w) => w.terminate()));
    throw error;
  }
}
