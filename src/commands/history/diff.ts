/**
 * `csp diff <account> <from> [to]`: load both versions (history/read.ts), compare them section by
 * section (history/diff.ts, pure), print. `to` defaults to the working plan. Exit 0 whether or not
 * they differ; exit 1 when a version cannot be read.
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { DiffCli } from './register.js';
import { gitAccess, openHub } from '../../infohub/hub.js';
import { diffPlans, type PlanDiff } from '../../history/diff.js';
import { loadVersion, type LoadedVersion } from '../../history/read.js';
import { PlanInvalidError } from '../../errors.js';
import { placeIssues } from '../../validation/file.js';
import { diffSummary, renderPlanDiff } from './render.js';

/** One side of the comparison, as reported. */
export interface DiffSide {
  ref: string;
  label: string;
  file: string;
  version?: number;
  date?: string;
}

/** What csp diff found. */
export interface DiffResult extends PlanDiff {
  account: string;
  from: DiffSide;
  to: DiffSide;
  identical: boolean;
}

/** Compares two versions. Throws UsageError (2) for an unknown version, PlanInvalidError (1) for one that cannot be read. */
export async function runDiff(
  options: { account: string; from: string; to?: string },
  ctx: AppContext,
): Promise<DiffResult> {
  const hub = await openHub(ctx);
  const paths = hub.existingAccount(options.account);
  const git = await gitAccess(ctx, hub);
  const load = async (ref: string) =>
    readable(await loadVersion(paths, ref, hub.config.maxFileBytes, options.account, git), hub.display);
  const from = await load(options.from);
  const to = await load(options.to ?? 'working');
  const diff = diffPlans(from.data, to.data);
  const side = (v: LoadedVersion): DiffSide => ({
    ref: v.ref,
    label: v.label,
    file: hub.display(v.path),
    ...(v.version ? { version: v.version, date: v.date } : {}),
  });
  return { account: options.account, from: side(from), to: side(to), identical: diff.sections.length === 0, ...diff };
}

/** The version, or PlanInvalidError (exit 1) with positioned issues when its text cannot be read. */
export async function readable(version: LoadedVersion, display: (p: string) => string): Promise<LoadedVersion> {
  if (version.issues.length === 0) return version;
  const file = display(version.path);
  throw new PlanInvalidError(
    `${version.label} (${file}) cannot be read`,
    await placeIssues(file, version.text, version.issues),
    { code: 'unreadable' },
  );
}

/** CLI entry. */
export async function main(
  [account, from, to]: ArgsOf<DiffCli>,
  _options: OptionsOf<DiffCli>,
  ctx: AppContext,
): Promise<void> {
  const result = await runDiff({ account, from, to }, ctx);
  if (ctx.flags.json) {
    ctx.out.data({ ok: true, ...result });
    return;
  }
  const name = (s: DiffSide) => (s.version ? `${s.label} (${s.date})` : s.label);
  const lines = [
    `${account}: ${name(result.from)} -> ${name(result.to)}`,
    ...renderPlanDiff(result, ctx.out.style),
    diffSummary(result),
  ];
  ctx.out.document(lines.join('\n'));
}
