/**
 * `csp validate`: finds the documents (the whole InfoHub, or the paths given), validates each
 * (validation/file.ts), and reports every issue with file:line:col plus, per account, its phase,
 * status and gaps. Exit 1 when any error is found (or any warning, with --strict).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import { openHub, type Hub } from '../../cli/hub.js';
import { renderIssues } from '../../cli/render.js';
import { redactSecrets } from '../../cli/secrets.js';
import { CheckFailedError, UsageError } from '../../errors.js';
import type { Issue } from '../../domain/issue.js';
import { hasFailures } from '../../domain/issue.js';
import { docKindOf, type DocKind } from '../../schema/documents.js';
import { listAccounts } from '../../storage/infohub.js';
import { exists, readTextFile } from '../../storage/files.js';
import { validateText } from '../../validation/file.js';
import { pendingRecovery, type PendingOperation } from '../../storage/journal.js';
import { CspError } from '../../errors.js';

/** Options of csp validate. */
export interface ValidateOptions {
  paths: string[];
  strict: boolean;
}

/** One checked file. */
export interface FileReport {
  file: string;
  kind: DocKind;
  account?: string;
  phase?: string;
  status?: string;
  planType?: string;
  issues: Issue[];
}

/** What csp validate found. */
export interface ValidateResult {
  ok: boolean;
  files: FileReport[];
  counts: { files: number; errors: number; warnings: number; gaps: number };
  /** Account folders that were not read, and why (unsafe name, symlink out of the InfoHub). */
  skipped: Array<{ name: string; reason: string }>;
  /**
   * Operations a killed csp left half done (storage/journal.ts), as warnings: each file is whole,
   * but files that change together may not match until the next csp command on the account
   * (or csp recover) finishes them.
   */
  interrupted: Issue[];
}

/** Validates the documents; never throws for invalid documents (they are in the result). */
export async function runValidate(options: ValidateOptions, ctx: AppContext): Promise<{ result: ValidateResult; texts: Map<string, string> }> {
  const explicit = options.paths.length > 0;
  const hub = await tryOpenHub(ctx, explicit);
  const targets: Array<{ path: string; kind: DocKind }> = [];
  const skipped: ValidateResult['skipped'] = [];
  if (explicit) {
    for (const p of options.paths) targets.push(...collect(resolve(ctx.cwd, p)));
  } else {
    const { accounts, skipped: s } = listAccounts(hub!.root);
    skipped.push(...s);
    if (exists(join(hub!.root, '.csp.yaml'))) targets.push({ path: join(hub!.root, '.csp.yaml'), kind: 'config' });
    for (const account of accounts) targets.push(...accountDocuments(join(hub!.root, account)));
  }
  const maxBytes = hub?.config.maxFileBytes ?? 5 * 1024 * 1024;
  const display = hub?.display ?? ((p: string) => p);
  const texts = new Map<string, string>();
  const files: FileReport[] = [];
  for (const target of targets) {
    const name = display(target.path);
    let text: string;
    try {
      text = readTextFile(target.path, maxBytes);
    } catch (error) {
      if (!(error instanceof CspError)) throw error;
      files.push({ file: name, kind: target.kind, issues: [{ code: error.code, severity: 'error', file: name, path: '', message: error.message, hint: error.hint }] });
      continue;
    }
    texts.set(name, text);
    const expectedAccount = target.kind === 'csp' && basename(target.path) === 'csp.yaml' ? basename(dirname(dirname(target.path))) : undefined;
    const check = await validateText(name, text, target.kind, { requireManagerApproval: hub?.config.requireManagerApproval, expectedAccount, limits: undefined });
    const meta = (check.data as { meta?: Record<string, unknown> } | undefined)?.meta;
    files.push({
      file: name,
      kind: target.kind,
      ...(meta ? { account: String(meta.account ?? ''), phase: String(meta.phase ?? ''), status: String(meta.status ?? ''), planType: String(meta.plan_type ?? '') } : {}),
      issues: check.issues,
    });
  }
  const interrupted = hub ? pendingRecovery(hub.root).map((p) => interruptedIssue(p, display)) : [];
  const all = [...files.flatMap((f) => f.issues), ...interrupted];
  const counts = {
    files: files.length,
    errors: all.filter((i) => i.severity === 'error').length,
    warnings: all.filter((i) => i.severity === 'warning').length,
    gaps: all.filter((i) => i.severity === 'info').length,
  };
  return { result: { ok: !hasFailures(all, options.strict), files, counts, skipped, interrupted }, texts };
}

function interruptedIssue(p: PendingOperation, display: (path: string) => string): Issue {
  const when = p.started ? ` (started ${p.started.replace('T', ' ').slice(0, 19)} UTC)` : '';
  return {
    code: 'interrupted-operation',
    severity: 'warning',
    file: display(p.journal),
    path: '',
    message: p.problem
      ? `an interrupted csp operation on ${p.account} left a journal csp cannot use: ${p.problem}`
      : `${p.command} on ${p.account} was interrupted${when} and is not finished yet: ${p.files.map(display).join(', ')}`,
    hint: p.problem ? `check the account's files, then delete ${display(p.journal)}` : `run csp recover ${p.account} (any csp command that changes ${p.account} also finishes it)`,
  };
}

async function tryOpenHub(ctx: AppContext, optional: boolean): Promise<Hub | undefined> {
  try {
    return await openHub(ctx);
  } catch (error) {
    if (optional && error instanceof CspError && error.code === 'no-infohub') return undefined;
    throw error;
  }
}

/** The documents of one account folder, in a stable order. */
function accountDocuments(dir: string): Array<{ path: string; kind: DocKind }> {
  const out: Array<{ path: string; kind: DocKind }> = [];
  for (const [rel, kind] of [
    ['success_plan/csp.yaml', 'csp'],
    ['action_tracker.yaml', 'action_tracker'],
    ['risk_register.yaml', 'risk_register'],
    ['decision_log.yaml', 'decision_log'],
  ] as const) {
    if (exists(join(dir, rel))) out.push({ path: join(dir, rel), kind });
  }
  return out;
}

function collect(path: string): Array<{ path: string; kind: DocKind }> {
  if (!exists(path)) throw new UsageError(`${path} does not exist`, { code: 'no-such-file', hint: 'check the path; with no path, csp validate checks the whole InfoHub' });
  if (statSync(path).isDirectory()) {
    if (exists(join(path, 'success_plan', 'csp.yaml'))) return accountDocuments(path);
    const out: Array<{ path: string; kind: DocKind }> = [];
    for (const name of readdirSync(path).sort()) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const child = join(path, name);
      if (statSync(child).isDirectory()) out.push(...collect(child));
      else {
        const kind = docKindOf(child);
        if (kind && !/csp_history/.test(child)) out.push({ path: child, kind });
      }
    }
    return out;
  }
  const kind = docKindOf(path) ?? (/\.ya?ml$/.test(path) ? 'csp' : null);
  if (!kind) throw new UsageError(`${path} is not a YAML document csp knows`, { code: 'unknown-document', hint: 'csp validates csp.yaml, action_tracker.yaml, risk_register.yaml, decision_log.yaml and .csp.yaml' });
  return [{ path, kind }];
}

/** CLI entry: normalise options, run, report. */
export async function main(args: string[], options: Record<string, unknown>, ctx: AppContext): Promise<void> {
  const format = String(options.format ?? 'text');
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json (found "${format}")`);
  const json = ctx.flags.json || format === 'json';
  const { result, texts } = await runValidate({ paths: args, strict: options.strict === true }, ctx);
  const out = ctx.out;
  if (json) {
    // NOTE: issue messages quote values: a key someone pasted into a file is masked here too.
    ctx.io.stdout.write(redactSecrets(JSON.stringify(result, null, 2), ctx.env) + '\n');
  } else {
    const quiet = options.quiet === true;
    const shown = [...result.interrupted, ...result.files.flatMap((f) => f.issues)].filter((i) => i.severity === 'error' || (!quiet && i.severity === 'warning'));
    if (shown.length > 0) out.result(renderIssues(shown, out.style, (file) => texts.get(file)));
    for (const s of result.skipped) out.warn(`skipped ${s.name}: ${s.reason}`);
    if (!quiet) out.result(summary(result, out.style));
  }
  if (!result.ok) {
    throw new CheckFailedError(`${result.counts.errors} error${result.counts.errors === 1 ? '' : 's'}${options.strict ? ` and ${result.counts.warnings} warning${result.counts.warnings === 1 ? '' : 's'}` : ''} in ${result.counts.files} file${result.counts.files === 1 ? '' : 's'}`, {
      code: 'validation-failed',
      hint: json ? undefined : 'fix the errors above; each names the file, line and column',
      reported: json,
    });
  }
}

function summary(result: ValidateResult, style: { green(s: string): string; red(s: string): string; dim(s: string): string; cyan(s: string): string; bold(s: string): string }): string {
  const plans = result.files.filter((f) => f.kind === 'csp');
  const lines: string[] = [];
  if (plans.length > 0) {
    const width = Math.max(7, ...plans.map((p) => (p.account ?? p.file).length));
    lines.push(style.bold(`${'account'.padEnd(width)}  ${'type'.padEnd(10)} ${'phase'.padEnd(8)} ${'status'.padEnd(14)} result`));
    for (const p of plans) {
      const errors = p.issues.filter((i) => i.severity === 'error').length;
      const warnings = p.issues.filter((i) => i.severity === 'warning').length;
      const gaps = p.issues.filter((i) => i.severity === 'info');
      const verdict = errors > 0 ? style.red(`${errors} error${errors > 1 ? 's' : ''}`) : style.green('valid');
      const extra = [warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '', gaps.length ? `${gaps.length} gap${gaps.length > 1 ? 's' : ''} before ${nextPhaseName(p.phase)}` : ''].filter(Boolean).join(', ');
      lines.push(`${(p.account || p.file).padEnd(width)}  ${(p.planType ?? '').padEnd(10)} ${(p.phase ?? '').padEnd(8)} ${(p.status ?? '').padEnd(14)} ${verdict}${extra ? style.dim(` (${extra})`) : ''}`);
      for (const gap of gaps.slice(0, 8)) lines.push(style.cyan(`${' '.repeat(width + 2)}- ${gap.message.replace(/ \(needed before \w+\)$/, '')}`) + style.dim(`: ${gap.hint ?? ''}`));
      if (gaps.length > 8) lines.push(style.dim(`${' '.repeat(width + 2)}  ... and ${gaps.length - 8} more (csp validate --format json lists them all)`));
    }
  }
  const c = result.counts;
  lines.push(`${c.files} file${c.files === 1 ? '' : 's'} checked: ${c.errors ? style.red(`${c.errors} error${c.errors > 1 ? 's' : ''}`) : style.green('0 errors')}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}, ${c.gaps} gap${c.gaps === 1 ? '' : 's'}`);
  return lines.join('\n');
}

function nextPhaseName(phase: string | undefined): string {
  return { initiate: 'develop', develop: 'finalize', finalize: 'execute' }[phase ?? ''] ?? 'the next phase';
}
