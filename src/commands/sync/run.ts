/**
 * `csp sync`: for each account, read -> decide (sync/plan.ts) -> write (sync/apply.ts, unless
 * --check or --dry-run) -> report every operation. Exit 1 on a conflict, on a file that could not
 * be read or written, and under --check when anything would change.
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { SyncCli } from './register.js';
import { openHub } from '../../infohub/hub.js';
import { renderIssues, type Styles } from '../../cli/render.js';
import type { Issue } from '../../domain/issue.js';
import { CheckFailedError, CspError, PlanInvalidError, PreconditionError } from '../../errors.js';
import { listAccounts } from '../../storage/infohub.js';
import { syncAccount, type AccountSyncResult } from '../../sync/apply.js';
import { writes, type SyncOp } from '../../sync/plan.js';
import { changeAccount } from '../shared/locked.js';

/** Options of csp sync. */
export interface SyncOptions {
  accounts: string[];
  check: boolean;
  dryRun: boolean;
  force: boolean;
}

/** An account whose sync failed, and why. */
export interface SyncFailure {
  account: string;
  code: string;
  message: string;
  hint?: string;
  issues: Issue[];
}

/** What csp sync did. */
export interface SyncResult {
  ok: boolean;
  mode: 'write' | 'dry-run' | 'check';
  accounts: AccountSyncResult[];
  failures: SyncFailure[];
  counts: { changes: number; conflicts: number; filesWritten: number };
}

/**
 * Syncs the accounts, one at a time, each under its lock (never two at once) and written as one
 * transaction. Never throws for a conflict, a broken file or a locked account: they are in the
 * result. Throws UsageError (2) / PreconditionError (3) for a named account that is unsafe or has
 * no plan.
 */
export async function runSync(options: SyncOptions, ctx: AppContext): Promise<SyncResult> {
  const hub = await openHub(ctx);
  const accounts = options.accounts.length > 0 ? options.accounts : listAccounts(hub.root).accounts;
  // NOTE: a named account that is unsafe (exit 2) or has no plan (exit 3) stops the run before anything is written.
  for (const a of options.accounts) hub.existingAccount(a);
  const write = !options.check && !options.dryRun;
  const results: AccountSyncResult[] = [];
  const failures: SyncFailure[] = [];
  for (const account of accounts) {
    try {
      results.push(
        await changeAccount(
          ctx,
          hub,
          account,
          'csp sync',
          () => syncAccount(hub, account, { write, force: options.force }),
          { dryRun: !write },
        ),
      );
    } catch (error) {
      if (!(error instanceof CspError)) throw error;
      const issues = error instanceof PlanInvalidError || error instanceof CheckFailedError ? error.issues : [];
      failures.push({ account, code: error.code, message: error.message, hint: error.hint, issues });
    }
  }
  const ops = results.flatMap((r) => r.targets.flatMap((t) => t.ops));
  const counts = {
    changes: ops.filter(writes).length,
    conflicts: ops.filter((o) => o.action === 'conflict').length,
    filesWritten:
      results.flatMap((r) => r.targets).filter((t) => t.written).length + results.filter((r) => r.plan?.written).length,
  };
  const ok = failures.length === 0 && counts.conflicts === 0 && !(options.check && counts.changes > 0);
  return {
    ok,
    mode: options.check ? 'check' : options.dryRun ? 'dry-run' : 'write',
    accounts: results,
    failures,
    counts,
  };
}

/** CLI entry: normalise options, run, report. */
export async function main([accounts]: ArgsOf<SyncCli>, options: OptionsOf<SyncCli>, ctx: AppContext): Promise<void> {
  const result = await runSync(
    { accounts, check: options.check ?? false, dryRun: options.dryRun ?? false, force: options.force ?? false },
    ctx,
  );
  if (ctx.flags.json) ctx.out.data(result);
  else report(ctx, result);
  if (!result.ok) {
    const c = result.counts;
    const what = [
      c.conflicts ? `${c.conflicts} conflict${c.conflicts > 1 ? 's' : ''} (not overwritten)` : '',
      result.failures.length
        ? `${result.failures.length} account${result.failures.length > 1 ? 's' : ''} could not be synced`
        : '',
      result.mode === 'check' && c.changes ? `${c.changes} item${c.changes > 1 ? 's' : ''} out of sync` : '',
    ].filter(Boolean);
    // NOTE: an account another csp held past the wait is exit 3 (as for every command: nothing of it was changed), unless something else failed too.
    if (
      c.conflicts === 0 &&
      result.failures.length > 0 &&
      result.failures.every((f) => f.code === 'account-locked') &&
      !(result.mode === 'check' && c.changes)
    ) {
      throw new PreconditionError(
        `csp sync: ${what.join(', ')}: another csp process was changing ${result.failures.map((f) => f.account).join(', ')}`,
        {
          reported: ctx.flags.json,
          code: 'account-locked',
          hint: `run csp sync ${result.failures.map((f) => f.account).join(' ')} again when the other command has finished`,
        },
      );
    }
    throw new CheckFailedError(`csp sync: ${what.join(', ')}`, {
      reported: ctx.flags.json,
      code: c.conflicts ? 'sync-conflict' : result.failures.length ? 'sync-failed' : 'sync-needed',
      hint: c.conflicts
        ? 'make the two sides agree (edit the CSP or the file), or run csp sync --force to take the CSP values'
        : result.failures.length
          ? 'fix the files named above, then run csp sync'
          : 'run csp sync and commit the trackers and registers it updates',
    });
  }
}

const MARK: Record<SyncOp['action'], string> = {
  add: '+',
  update: '~',
  retire: 'x',
  pull: '<',
  kept: '=',
  conflict: '!',
};

function report(ctx: AppContext, result: SyncResult): void {
  const out = ctx.out;
  const s = out.style;
  const lines: string[] = [];
  for (const account of result.accounts) {
    const busy = account.targets.filter((t) => t.ops.length > 0);
    if (busy.length === 0) continue;
    lines.push(s.bold(account.account));
    if (account.plan)
      lines.push(
        `  ${account.plan.file}: ${account.plan.written ? 'written:' : 'to write:'} the values changed in the tracker or register only (<)`,
      );
    for (const t of busy) {
      const n = t.ops.filter(writes).length;
      lines.push(
        `  ${t.file}${t.created ? ' (created)' : ''}: ${n ? `${n} change${n > 1 ? 's' : ''}` : 'nothing to write'}`,
      );
      for (const op of t.ops)
        lines.push(
          `    ${colour(s, op.action)(MARK[op.action])} ${op.id} ${op.title}: ${op.action === 'conflict' ? 'conflict, ' : ''}${op.reason}${fieldsText(op)}`,
        );
    }
  }
  if (lines.length > 0) out.result(lines.join('\n'));
  for (const f of result.failures) {
    out.info(`${s.red('error')} ${f.account}: ${f.message}${f.hint ? `\n  ${s.dim('fix:')} ${f.hint}` : ''}`);
    if (f.issues.length > 0) out.info(renderIssues(f.issues, s));
  }
  const c = result.counts;
  const n = result.accounts.length;
  const head =
    result.mode === 'write'
      ? `Synced ${n} account${n === 1 ? '' : 's'}: ${c.filesWritten} file${c.filesWritten === 1 ? '' : 's'} written`
      : `${result.mode === 'check' ? 'Check' : 'Dry run'} of ${n} account${n === 1 ? '' : 's'}: ${c.changes} change${c.changes === 1 ? '' : 's'} to write, nothing written`;
  out.result(
    `${head}${c.conflicts ? `, ${c.conflicts} conflict${c.conflicts > 1 ? 's' : ''}` : ''}${c.changes === 0 && c.conflicts === 0 && result.failures.length === 0 ? ' (everything up to date)' : ''}.`,
  );
}

function colour(s: Styles, action: SyncOp['action']): (t: string) => string {
  return action === 'conflict' ? s.red : action === 'add' ? s.green : action === 'kept' ? s.dim : s.yellow;
}

function fieldsText(op: SyncOp): string {
  if (!op.fields || op.fields.length === 0) return '';
  const v = (x: unknown) => (x === undefined ? '(none)' : typeof x === 'string' ? x : JSON.stringify(x));
  const both = op.action === 'conflict' || op.action === 'kept';
  return ` (${op.fields.map((f) => (both ? `${f.field}: CSP ${v(f.csp)}, file ${v(f.file)}` : op.action === 'pull' ? `${f.field}: CSP ${v(f.csp)} -> ${v(f.file)}` : `${f.field}: ${v(f.file)} -> ${v(f.csp)}`)).join('; ')})`;
}
