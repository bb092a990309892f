/** `csp history <account>`: the account's versions (history/read.ts) with the commits that added them. */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { HistoryCli } from './register.js';
import { openHub, requireRepo } from '../../infohub/hub.js';
import { gitAccessOf, readHistory } from '../../history/read.js';
import { snapshotMessage } from '../../history/versions.js';

/** One listed version. */
export interface HistoryRow {
  version: number;
  /** The snapshot's date (from its file name), YYYY-MM-DD. */
  date: string;
  file: string;
  phase?: string;
  status?: string;
  author?: string;
  commit?: string;
  /** The commit's author date, ISO 8601. */
  committed?: string;
  /** False when only git holds it (a sparse checkout that leaves csp_history/ out of the working tree). */
  inWorkingTree: boolean;
  /** What the snapshot was taken for: `csp snapshot -m`, or the command that took it (develop, finalize...). */
  message?: string;
  /** True when another snapshot holds the same version (two branches each made it). */
  duplicate: boolean;
}

/** What csp history found. */
export interface HistoryResult {
  account: string;
  versions: HistoryRow[];
}

/** Lists the versions. Throws PreconditionError (exit 3) outside git or for an unknown account. */
export async function runHistory(options: { account: string }, ctx: AppContext): Promise<HistoryResult> {
  const hub = await openHub(ctx);
  const paths = hub.existingAccount(options.account);
  const repo = await requireRepo(ctx, hub, 'csp history');
  const versions = await readHistory(paths, hub.config.maxFileBytes, await gitAccessOf(await ctx.git(), repo));
  const count = new Map<number, number>();
  for (const v of versions) count.set(v.version, (count.get(v.version) ?? 0) + 1);
  return {
    account: options.account,
    versions: versions.map((v) => ({
      version: v.version,
      date: v.date,
      file: hub.display(v.path),
      ...(v.phase ? { phase: v.phase } : {}),
      ...(v.status ? { status: v.status } : {}),
      ...(v.commit ? { author: v.commit.author, commit: v.commit.hash, committed: v.commit.date } : {}),
      inWorkingTree: v.inWorkingTree,
      ...(snapshotMessage(v.commit?.message) ? { message: snapshotMessage(v.commit?.message) } : {}),
      duplicate: (count.get(v.version) ?? 0) > 1,
    })),
  };
}

/** CLI entry. */
export async function main(
  [account]: ArgsOf<HistoryCli>,
  _options: OptionsOf<HistoryCli>,
  ctx: AppContext,
): Promise<void> {
  const result = await runHistory({ account }, ctx);
  if (ctx.flags.json) {
    ctx.out.data({ ok: true, ...result });
    return;
  }
  const out = ctx.out;
  if (result.versions.length === 0) {
    out.result(`${account}: no versions yet`);
    out.info(`Take the first with csp snapshot ${account} (develop, finalize and handoff take one on their own).`);
    return;
  }
  // NOTE: the message column only when a version has one (snapshots without -m have none).
  const messages = result.versions.some((v) => v.message);
  const rows = [
    ['version', 'date', 'phase', 'status', 'author', 'commit', ...(messages ? ['message'] : [])],
    ...result.versions.map((v) => [
      `v${v.version}`,
      v.date,
      v.phase ?? '?',
      v.status ?? '?',
      v.author ?? '',
      v.commit ? v.commit.slice(0, 8) : '(not committed)',
      ...(messages ? [v.message ?? ''] : []),
    ]),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  const lines = [out.style.bold(line(rows[0]))];
  result.versions.forEach((v, i) =>
    lines.push(line(rows[i + 1]) + (v.duplicate ? out.style.dim(`  ${v.file.split('/').pop()}`) : '')),
  );
  out.result(lines.join('\n'));
  if (result.versions.some((v) => v.duplicate))
    out.info(
      out.style.dim(
        'Two branches each made a version with the same number; name one by its file name in csp diff and csp restore.',
      ),
    );
}
