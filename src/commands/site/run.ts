/**
 * `csp site [--out public/]`: the portfolio dashboard and one internal page per account as a
 * static site, for the InfoHub's CI to publish (issue 16). read (every plan, its signals and
 * snapshot list; the health model; HEAD once) -> decide (site/: pure) -> write (each account
 * page as soon as it is made, in worker threads for a large InfoHub; then accounts.html,
 * index.html and the marker .csp-site.json) -> report.
 *
 * Never loses data: the output folder must be empty, missing, or a site csp wrote before (its
 * marker file); anything else needs --force, and even then csp only adds and replaces its own
 * files (stale account pages are removed only from a folder csp wrote). The InfoHub itself is
 * never an output folder.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { AppContext } from '../../cli/context.js';
import type { SiteCli } from './register.js';
import { openHub, type Hub } from '../../infohub/hub.js';
import { VERSION } from '../../cli/version.js';
import { compareText } from '../../domain/compare.js';
import { PreconditionError } from '../../errors.js';
import { exists, readIfExists, writeFileAtomic, writeFileAtomicChunks } from '../../storage/files.js';
import { listAccounts } from '../../storage/infohub.js';
import { buildBatch, type BatchResult, type SiteSettings } from './work.js';

/** Options of csp site, normalised. */
export interface SiteOptions {
  /** The output folder, as given (default: public). */
  out: string;
  asOf?: string;
  force: boolean;
}

/** What csp site wrote. */
export interface SiteResult {
  /** The output folder, as shown in messages. */
  out: string;
  asOf: string;
  accounts: number;
  /** Files written, relative to the output folder: index.html, accounts.html, site-data.js, .csp-site.json, then accounts/<slug>.html in account order. */
  files: string[];
  index: string;
  unreadable: Array<{ account: string; reason: string }>;
  /** Account pages of an earlier build removed (their account is gone). */
  removed: number;
}

/** The marker file of a folder csp site wrote. */
export const SITE_MARKER = '.csp-site.json';

/** Below this many accounts, worker threads cost more than they save. */
const WORKER_THRESHOLD = 300;

/** Heap limits of a site worker, in MiB: it keeps nothing between accounts. */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 8 } as const;

/** Builds the site. Throws PreconditionError (exit 3) for an output folder that is not a csp site (without --force) or that holds the InfoHub. */
export async function runSite(options: SiteOptions, ctx: AppContext): Promise<SiteResult> {
  const hub = await openHub(ctx);
  const asOf = options.asOf ?? hub.today;
  const out = resolve(ctx.cwd, options.out);
  checkOutput(hub, out, options.force);
  const { accounts } = listAccounts(hub.root);
  const [{ loadHealthModel }, git] = await Promise.all([import('../shared/health.js'), headOf(ctx, hub)]);
  const { model } = await loadHealthModel(hub);
  const pagesDir = join(out, 'accounts');
  mkdirSync(pagesDir, { recursive: true });
  const settings: SiteSettings = {
    root: hub.root,
    pagesDir,
    asOf,
    minArrUsd: hub.config.minArrUsd,
    maxBytes: hub.config.maxFileBytes,
    model,
    commit: git.commit,
    inGit: git.inGit,
    ...(hub.config.escalateTo ? { escalateTo: hub.config.escalateTo } : {}),
  };
  const built =
    accounts.length >= WORKER_THRESHOLD ? await buildInWorkers(accounts, settings) : buildBatch(accounts, settings);
  const rows = built.rows.sort((a, b) => compareText(a.a, b.a));
  const unreadable = built.unreadable.sort((a, b) => compareText(a.account, b.account));
  const removed = removeStalePages(pagesDir, new Set(rows.map((r) => r.a)));
  const { DATA_FILE, renderAccounts, renderIndex, siteDataChunks } = await import('../../site/pages.js');
  const info = { asOf, version: VERSION, commit: git.commit, unreadable };
  writeFileAtomic(join(out, 'accounts.html'), renderAccounts(rows, info));
  writeFileAtomicChunks(join(out, DATA_FILE), siteDataChunks(rows));
  writeFileAtomic(join(out, 'index.html'), renderIndex(rows, info));
  writeFileAtomic(
    join(out, SITE_MARKER),
    `${JSON.stringify({ generator: 'csp site', version: VERSION, asOf, accounts: rows.length }, null, 2)}\n`,
  );
  return {
    out: hub.display(out),
    asOf,
    accounts: rows.length,
    files: ['index.html', 'accounts.html', DATA_FILE, SITE_MARKER, ...rows.map((r) => `accounts/${r.a}.html`)],
    index: hub.display(join(out, 'index.html')),
    unreadable,
    removed,
  };
}

/** Refuses an output folder that holds (or is inside) the InfoHub, or that is neither empty nor a csp site, unless forced. */
function checkOutput(hub: Hub, out: string, force: boolean): void {
  const inside = (parent: string, child: string) => {
    const rel = relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
  };
  if (inside(out, hub.root))
    throw new PreconditionError(
      `${hub.display(out)} holds the InfoHub; csp site writes its pages into a folder of their own`,
      { code: 'site-output', hint: 'choose another folder: csp site --out public' },
    );
  if (inside(hub.root, out))
    throw new PreconditionError(`${hub.display(out)} is inside the InfoHub; the site would be read as part of it`, {
      code: 'site-output',
      hint: 'choose a folder outside the InfoHub: csp site --out public',
    });
  if (!exists(out)) return;
  if (!statSync(out).isDirectory())
    throw new PreconditionError(`${hub.display(out)} is a file, not a folder`, {
      code: 'site-output',
      hint: 'choose another folder: csp site --out public',
    });
  const marker = readIfExists(join(out, SITE_MARKER));
  const ours = marker !== null && /"generator": "csp site"/.test(marker);
  if (ours || force || readdirSync(out).length === 0) return;
  throw new PreconditionError(
    `${hub.display(out)} has files and was not written by csp site; csp site does not write over them`,
    {
      code: 'file-exists',
      hint: `choose an empty or new folder (csp site --out public), or add --force to write the site's files among them (csp site --out ${hub.display(out)} --force)`,
    },
  );
}

/** HEAD's short hash (one git call for the whole site); none outside git. */
async function headOf(ctx: AppContext, hub: Hub): Promise<{ commit: string | null; inGit: boolean }> {
  try {
    const git = await ctx.git();
    const repo = await git.topLevel(hub.root);
    if (!repo) return { commit: null, inGit: false };
    const head = await git.headCommit(repo);
    return { commit: head ? head.slice(0, 7) : null, inGit: true };
  } catch {
    // NOTE: the site names the commit when git can tell it; without git it is still built.
    return { commit: null, inGit: false };
  }
}

/** Removes account pages of accounts no longer in the InfoHub (only in a folder csp site wrote: checkOutput ran). */
function removeStalePages(dir: string, keep: ReadonlySet<string>): number {
  let removed = 0;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.html') || keep.has(name.slice(0, -5))) continue;
    rmSync(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

/** Builds the accounts in worker threads (contiguous slices), each writing its pages. */
async function buildInWorkers(accounts: readonly string[], settings: SiteSettings): Promise<BatchResult> {
  const [{ Worker }, { availableParallelism }] = await Promise.all([import('node:worker_threads'), import('node:os')]);
  // NOTE: two workers keep a 10,000-account build under 200 MiB peak RSS (each worker holds its own heap).
  const count = Math.max(1, Math.min(availableParallelism(), 2));
  const size = Math.ceil(accounts.length / count);
  const result: BatchResult = { rows: [], unreadable: [] };
  await Promise.all(
    Array.from({ length: count }, (_, i) => {
      const slice = accounts.slice(i * size, (i + 1) * size);
      if (slice.length === 0) return Promise.resolve();
      return new Promise<void>((done, fail) => {
        const worker = new Worker(new URL('./worker.js', import.meta.url), {
          workerData: { accounts: slice.join('\0'), settings },
          resourceLimits: WORKER_LIMITS,
        });
        worker.on('message', (batch: BatchResult) => {
          result.rows.push(...batch.rows);
          result.unreadable.push(...batch.unreadable);
        });
        worker.on('error', fail);
        worker.on('exit', (code) =>
          code === 0 ? done() : fail(new Error(`a csp site worker stopped with exit code ${code}`)),
        );
      });
    }),
  );
  return result;
}

/** CLI entry: normalise options, run, report. */
export async function main(_args: ArgsOf<SiteCli>, options: OptionsOf<SiteCli>, ctx: AppContext): Promise<void> {
  const result = await runSite(
    { out: options.out ?? 'public', force: options.force ?? false, asOf: options.asOf },
    ctx,
  );
  const out = ctx.out;
  for (const u of result.unreadable) out.warn(`${u.account}: left out of the site, ${u.reason}`);
  if (ctx.flags.json) {
    out.data({ ok: true, ...result });
    return;
  }
  out.result(
    `wrote the site of ${result.accounts} account${result.accounts === 1 ? '' : 's'} to ${result.out} (as of ${result.asOf}): open ${result.index}`,
  );
  if (result.removed)
    out.info(`removed ${result.removed} page${result.removed === 1 ? '' : 's'} of accounts no longer in the InfoHub`);
}
