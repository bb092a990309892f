/**
 * `csp validate`: finds the documents (the whole InfoHub, or the paths given), validates each
 * (validation/file.ts), and reports every issue with file:line:col plus, per account, its phase,
 * status and gaps. Exit 1 when any error is found (or any warning, with --strict).
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { ValidateCli } from './register.js';
import { openHub, requireRepo, sparseCheckout, type Hub } from '../../infohub/hub.js';
import { compareText } from '../../domain/compare.js';
import { slugProblem } from '../../domain/slug.js';
import { jsonChunks, renderIssues } from '../../cli/render.js';
import { redactSecrets } from '../../cli/secrets.js';
import { CheckFailedError, UsageError } from '../../errors.js';
import type { Issue, RawIssue } from '../../domain/issue.js';
import { hasFailures } from '../../domain/issue.js';
import { byRequirementOrder } from '../../domain/gates.js';
import { docKindOf, type DocKind } from '../../schema/documents.js';
import { listAccounts } from '../../storage/infohub.js';
import { exists, readTextFile } from '../../storage/files.js';
import { placeIssues, validateText } from '../../validation/file.js';
import { VERSION } from '../../cli/version.js';
import type { PendingOperation } from '../../storage/journal.js';
import { pendingHint, utcTime } from '../shared/pending.js';
import { CspError } from '../../errors.js';
import { accountsNotCheckedOut, notCheckedOutLine } from '../shared/sparse.js';

/** Below this many files given by path, csp validate does not use the validation cache. */
const CACHE_MIN_FILES = 200;

/** Options of csp validate. */
export interface ValidateOptions {
  paths: string[];
  strict: boolean;
  /** Check the staged content of staged documents (the pre-commit hook); paths then narrow the staged files. */
  staged?: boolean;
  /** Place gaps at their line and column (default true; --quiet text output does not show them). */
  gapPositions?: boolean;
  /**
   * Check only the documents changed since the merge base of this ref and HEAD (in the working
   * tree), and every plan the change could affect (validation/changed-scope.ts); paths then narrow them.
   */
  changedSince?: string;
}

/** What --changed-since checked. */
export interface ChangedReport {
  ref: string;
  /** The merge base of the ref and HEAD. */
  base: string;
  /** Files changed since the merge base (in the repository, not only documents). */
  changedFiles: number;
  /** The whole InfoHub was checked, because this changed file affects every document. */
  wholeBecause?: string;
}

/** One checked file. */
export interface FileReport {
  file: string;
  kind: DocKind;
  account?: string;
  phase?: string;
  status?: string;
  planType?: string;
  /** With --staged: the staged version was checked and the working file differs ('staged'), or an unresolved conflict's working file was ('unmerged'). */
  checked?: 'staged' | 'unmerged';
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
   * (or csp repair) finishes them.
   */
  interrupted: Issue[];
  /** With --changed-since: the ref, its merge base, and why the whole InfoHub was checked, if it was. */
  changed?: ChangedReport;
  /**
   * When the whole InfoHub is checked: how many accounts git holds that this clone's sparse
   * checkout leaves out (issue 20). They are not checked here, and not errors.
   */
  notCheckedOut?: number;
}

/** A document to check: its path, or (with --staged) its name and text already read. */
type Target =
  | { path: string; kind: DocKind }
  | { name: string; kind: DocKind; text?: string; problem?: RawIssue; checked?: 'staged' | 'unmerged' };

/** Validates the documents; never throws for invalid documents (they are in the result). */
export async function runValidate(
  options: ValidateOptions,
  ctx: AppContext,
): Promise<{ result: ValidateResult; texts: Map<string, string>; hub?: Hub }> {
  if (options.staged && options.changedSince !== undefined) {
    throw new UsageError('--staged and --changed-since check different things: choose one', {
      code: 'conflicting-flags',
      hint: 'use --staged in a pre-commit hook, --changed-since <ref> in CI on a pull request',
    });
  }
  const explicitPaths = options.paths.length > 0 || (options.staged ?? false);
  const hub = await tryOpenHub(ctx, explicitPaths && options.changedSince === undefined);
  const maxBytes = hub?.config.maxFileBytes ?? 5 * 1024 * 1024;
  const display = hub?.display ?? ((p: string) => p);
  const selected = await selectTargets(options, ctx, hub, maxBytes, explicitPaths);
  const { targets, explicit } = selected;
  const texts = new Map<string, string>();
  const files: FileReport[] = [];
  const onDisk = targets.filter((t): t is { path: string; kind: DocKind } => 'path' in t);
  if (onDisk.length > 0) files.push(...(await scanFiles(onDisk, { hub, explicit, maxBytes, display, texts }, ctx)));
  for (const target of targets) {
    if (!('path' in target)) files.push(await checkStagedTarget(target, hub, options, texts));
  }
  await checkReferences(targets, files, texts, maxBytes, display, selected.stagedRepo);
  // NOTE: loaded here: the journal (and the lock module it uses) is not needed to check files outside an InfoHub.
  const interrupted = hub
    ? (await import('../../storage/journal.js')).pendingRecovery(hub.root).map((p) => interruptedIssue(p, display))
    : [];
  if (hub) interrupted.push(...(await pendingRenamesIssues(hub.root, ctx, display)));
  const all = [...files.flatMap((f) => f.issues), ...interrupted];
  return {
    result: {
      ok: !hasFailures(all, options.strict),
      files,
      counts: countIssues(files.length, all),
      skipped: selected.skipped,
      interrupted,
      ...(selected.changed ? { changed: selected.changed } : {}),
      ...(selected.notCheckedOut !== undefined ? { notCheckedOut: selected.notCheckedOut } : {}),
    },
    texts,
    ...(hub ? { hub } : {}),
  };
}

/** What runValidate checks, and how it chose: `explicit` when the user named them (paths, --staged, a change set). */
interface Selection {
  targets: Target[];
  explicit: boolean;
  skipped: ValidateResult['skipped'];
  /** With --staged: the repository whose index was read. */
  stagedRepo?: string;
  notCheckedOut?: number;
  changed?: ChangedReport;
}

/**
 * The documents to check: those changed since a ref (--changed-since), the staged ones (--staged),
 * the paths given, or the whole InfoHub (with the count of accounts the sparse checkout leaves out).
 */
async function selectTargets(
  options: ValidateOptions,
  ctx: AppContext,
  hub: Hub | undefined,
  maxBytes: number,
  explicitPaths: boolean,
): Promise<Selection> {
  const skipped: ValidateResult['skipped'] = [];
  const named = () => options.paths.flatMap((p) => collect(pathOrAccount(ctx.cwd, p, hub)));
  if (options.changedSince !== undefined) {
    const scoped = await changedTargets(ctx, hub!, options.changedSince, options.paths);
    if (scoped.targets) return { targets: scoped.targets, explicit: true, skipped, changed: scoped.report };
    const explicit = options.paths.length > 0;
    const targets = explicit ? named() : wholeHub(hub!, skipped).documents;
    return { targets, explicit, skipped, changed: scoped.report };
  }
  if (options.staged) {
    const { collectStaged } = await import('./staged.js');
    const staged = await collectStaged(ctx, options.paths, maxBytes);
    const targets = staged.targets.map(
      (t): Target => ({ ...t, checked: t.from === 'unmerged' ? 'unmerged' : t.differs ? 'staged' : undefined }),
    );
    return { targets, explicit: explicitPaths, skipped, stagedRepo: staged.repo };
  }
  if (explicitPaths) return { targets: named(), explicit: true, skipped };
  const whole = wholeHub(hub!, skipped);
  const notCheckedOut = (await accountsNotCheckedOut(ctx, hub!, whole.accounts)).length;
  return { targets: whole.documents, explicit: false, skipped, notCheckedOut };
}

/** Checks one staged document (--staged): its text comes from the index, not from the working tree. */
async function checkStagedTarget(
  target: Exclude<Target, { path: string }>,
  hub: Hub | undefined,
  options: ValidateOptions,
  texts: Map<string, string>,
): Promise<FileReport> {
  const name = target.name;
  const base = { file: name, kind: target.kind, ...(target.checked ? { checked: target.checked } : {}) };
  if (target.problem && target.text === undefined) return { ...base, issues: [{ ...target.problem, file: name }] };
  const text = target.text ?? '';
  texts.set(name, text);
  const expectedAccount =
    target.kind === 'csp' && basename(name) === 'csp.yaml' ? basename(dirname(dirname(name))) : undefined;
  const check = await validateText(name, text, target.kind, {
    requireManagerApproval: hub?.config.requireManagerApproval,
    expectedAccount,
    gapPositions: options.gapPositions,
  });
  const meta = (check.data as { meta?: Record<string, unknown> } | undefined)?.meta;
  return {
    ...base,
    ...(meta
      ? {
          account: String(meta.account ?? ''),
          phase: String(meta.phase ?? ''),
          status: String(meta.status ?? ''),
          planType: String(meta.plan_type ?? ''),
        }
      : expectedAccount
        ? { account: expectedAccount }
        : {}),
    issues: target.problem ? [{ ...target.problem, file: name, line: 1, col: 1 }, ...check.issues] : check.issues,
  };
}

/** The result's counts: files checked, and issues by severity. */
function countIssues(files: number, all: readonly Issue[]): ValidateResult['counts'] {
  return {
    files,
    errors: all.filter((i) => i.severity === 'error').length,
    warnings: all.filter((i) => i.severity === 'warning').length,
    gaps: all.filter((i) => i.severity === 'info').length,
  };
}

/** Every document of the InfoHub: .csp.yaml, then each account's documents. */
function wholeHub(
  hub: Hub,
  skipped: ValidateResult['skipped'],
): { documents: Array<{ path: string; kind: DocKind }>; accounts: string[] } {
  const { accounts, skipped: s } = listAccounts(hub.root);
  skipped.push(...s);
  const documents: Array<{ path: string; kind: DocKind }> = [];
  if (exists(join(hub.root, '.csp.yaml'))) documents.push({ path: join(hub.root, '.csp.yaml'), kind: 'config' });
  for (const account of accounts) documents.push(...accountDocuments(join(hub.root, account)));
  return { documents, accounts };
}

/**
 * The documents --changed-since checks: those changed since the merge base of `ref` and HEAD,
 * and the plans they affect, under `only` (paths) when given; `targets` is undefined when a
 * change affects every document (the whole InfoHub, or the paths, are then checked).
 */
async function changedTargets(
  ctx: AppContext,
  hub: Hub,
  ref: string,
  only: readonly string[],
): Promise<{ targets?: Array<{ path: string; kind: DocKind }>; report: ChangedReport }> {
  const repo = await requireRepo(
    ctx,
    hub,
    'csp validate --changed-since',
    'run it in a clone of the InfoHub repository, or check the whole InfoHub with csp validate',
  );
  const [{ changedSince }, { changeScope }] = await Promise.all([
    import('../../git/changed.js'),
    import('../../validation/changed-scope.js'),
  ]);
  const { base, paths } = await changedSince(repo, ref, ctx.env);
  const root = realpathSync(hub.root);
  const fromRoot = (abs: string) => relative(root, abs).split(sep).join('/');
  const inHub = (abs: string | undefined) => (abs ? fromRoot(join(root, relative(hub.root, abs))) : undefined);
  const scope = changeScope(
    paths.map((p) => fromRoot(join(repo, p))),
    { playbooksDir: inHub(hub.config.playbooksDir), healthModel: inHub(hub.config.healthModel) },
  );
  const report: ChangedReport = { ref, base, changedFiles: paths.length };
  if (scope.whole) return { report: { ...report, wholeBecause: hub.display(join(hub.root, scope.because)) } };
  const wanted = only.map((p) => resolve(ctx.cwd, p));
  const keep = (abs: string) =>
    wanted.length === 0 || wanted.some((w) => abs === w || abs.startsWith(w.endsWith(sep) ? w : w + sep));
  const targets: Array<{ path: string; kind: DocKind }> = [];
  const add = (abs: string) => {
    const kind = docKindOf(abs);
    if (kind && exists(abs) && keep(abs) && !targets.some((t) => t.path === abs)) targets.push({ path: abs, kind });
  };
  // NOTE: a folder whose name is no account slug is not read, as in the whole-InfoHub check.
  for (const account of scope.plans)
    if (!slugProblem(account)) add(join(hub.root, account, 'success_plan', 'csp.yaml'));
  for (const doc of scope.documents) add(join(hub.root, doc));
  targets.sort((a, b) => compareText(a.path, b.path));
  return { targets, report };
}

/**
 * Adds to each decision log, tracker and register the references into its account's plan that
 * name nothing (domain/references.ts). The plan is the one checked alongside (staged or on disk),
 * else the account's csp.yaml on disk. A log without references is not read twice; a plan's ids
 * are read from its text, without parsing it.
 */
async function checkReferences(
  targets: readonly Target[],
  files: FileReport[],
  texts: Map<string, string>,
  maxBytes: number,
  display: (path: string) => string,
  stagedRepo: string | undefined,
): Promise<void> {
  const referring = targets.filter(
    (t) => t.kind === 'decision_log' || t.kind === 'action_tracker' || t.kind === 'risk_register',
  );
  if (referring.length === 0) return;
  const [{ planIdsIn, referenceIssues }, { parseYamlFast, DEFAULT_LIMITS }] = await Promise.all([
    import('../../domain/references.js'),
    import('../../yaml/read.js'),
  ]);
  const planTexts = new Map<string, string>();
  for (const t of targets)
    if (t.kind === 'csp' && !('path' in t) && t.text !== undefined) planTexts.set(t.name, t.text);
  const readOrNull = (path: string): string | null => {
    try {
      return exists(path) ? readTextFile(path, maxBytes) : null;
    } catch (error) {
      // NOTE: an unreadable plan is reported by its own check; its references cannot be checked.
      if (error instanceof CspError) return null;
      throw error;
    }
  };
  for (const t of referring) {
    const name = 'path' in t ? display(t.path) : t.name;
    const report = files.find((f) => f.kind === t.kind && f.file === name);
    if (
      !report ||
      report.issues.some((i) => i.severity === 'error' && !i.code.startsWith('schema-') && i.code !== 'duplicate-id')
    )
      continue;
    const text = 'path' in t ? readOrNull(t.path) : (t.text ?? null);
    // NOTE: most logs carry no reference: the text says so before anything is parsed.
    if (
      text === null ||
      !(t.kind === 'decision_log' ? /\b(objective|links)\s*:/.test(text) : /\bsource\s*:\s*["']?csp#/.test(text))
    )
      continue;
    const parsed = parseYamlFast(text, { ...DEFAULT_LIMITS, maxBytes });
    if (parsed.issues.length > 0) continue;
    const planName = `${dirname('path' in t ? t.path : t.name)}/success_plan/csp.yaml`;
    const planText =
      planTexts.get(planName) ??
      readOrNull('path' in t ? planName : stagedRepo ? join(stagedRepo, planName) : planName);
    if (planText === null) continue;
    const account = basename(dirname('path' in t ? t.path : t.name));
    const raw = referenceIssues(
      t.kind as 'decision_log' | 'action_tracker' | 'risk_register',
      parsed.data,
      planIdsIn(planText),
      account,
    );
    if (raw.length === 0) continue;
    texts.set(report.file, text);
    report.issues = [...report.issues, ...(await placeIssues(report.file, text, raw))];
  }
}

/**
 * Ids a git merge, rebase, cherry-pick or stash pop renumbered whose references in the account's
 * other files were not followed yet (`.git/csp/merge-log.json`, issue 20), as a warning naming the
 * command that applies them. None outside a git repository or while the operation is under way.
 */
async function pendingRenamesIssues(
  root: string,
  ctx: AppContext,
  display: (path: string) => string,
): Promise<Issue[]> {
  const { gitDirOf, pendingRenames } = await import('../merge-file/operation.js');
  const gitDir = gitDirOf({ cwd: root, env: ctx.env });
  const pending = gitDir ? pendingRenames(gitDir) : null;
  if (!pending) return [];
  return [
    {
      code: 'merge-renames-pending',
      severity: 'warning',
      file: display(pending.log),
      path: '',
      message: `${pending.operation} renumbered ids (${pending.ids.join(', ')}); the references to them in the account's other files do not follow yet`,
      hint: 'run csp merge-file --finish in this clone: it rewrites those references (and commits them, except after a stash pop)',
    },
  ];
}

function interruptedIssue(p: PendingOperation, display: (path: string) => string): Issue {
  return {
    code: 'interrupted-operation',
    severity: 'warning',
    file: display(p.journal),
    path: '',
    message: p.problem
      ? `an interrupted csp operation on ${p.account} left a journal csp cannot use: ${p.problem}`
      : `${p.command} on ${p.account} was interrupted${p.started ? ` (started ${utcTime(p.started)} UTC)` : ''} and is not finished yet: ${p.files.map(display).join(', ')}`,
    hint: pendingHint(p, display),
  };
}

/**
 * Checks files on disk through the scanner (storage/scan.ts): worker threads when there are many,
 * and the validation cache for the whole InfoHub or a large set of files.
 */
async function scanFiles(
  targets: ReadonlyArray<{ path: string; kind: DocKind }>,
  where: {
    hub: Hub | undefined;
    explicit: boolean;
    maxBytes: number;
    display: (p: string) => string;
    texts: Map<string, string>;
  },
  ctx: AppContext,
): Promise<FileReport[]> {
  const { hub, explicit, maxBytes, display, texts } = where;
  const [{ scanDocuments }, { NO_ISSUES }, { createProgress }] = await Promise.all([
    import('../../storage/scan.js'),
    import('../../storage/scan-work.js'),
    import('../../cli/progress.js'),
  ]);
  const outcomes = await scanDocuments(targets, {
    maxBytes,
    requireManagerApproval: hub?.config.requireManagerApproval ?? false,
    version: VERSION,
    progress: createProgress(ctx.io.stderr, 'validating'),
    // NOTE: the cache lives in the InfoHub and pays off for many files; a few files given by path
    // are quicker to check than the whole cache is to load.
    ...(hub &&
    (!explicit || targets.length >= CACHE_MIN_FILES) &&
    targets.every((t) => t.path.startsWith(hub.root + '/'))
      ? { cacheRoot: hub.root, wholeHub: !explicit }
      : {}),
  });
  return outcomes.map((o) => {
    const name = display(o.path);
    const issues = o.issues.length === 0 ? (NO_ISSUES as Issue[]) : o.issues.map((i) => ({ ...i, file: name }));
    if (issues.some((i) => i.severity !== 'info' && i.line !== undefined)) {
      try {
        texts.set(name, readTextFile(o.path, maxBytes));
      } catch (error) {
        // NOTE: the text only adds the caret excerpt under an issue; the issue itself is already known.
        if (!(error instanceof CspError)) throw error;
      }
    }
    // A plan that does not parse is still named by its account folder.
    const folder = o.kind === 'csp' && basename(o.path) === 'csp.yaml' ? basename(dirname(dirname(o.path))) : undefined;
    return {
      file: name,
      kind: o.kind,
      ...(o.summary.account !== undefined ? o.summary : folder ? { account: folder } : {}),
      issues,
    };
  });
}

async function tryOpenHub(ctx: AppContext, optional: boolean): Promise<Hub | undefined> {
  try {
    return await openHub(ctx);
  } catch (error) {
    if (optional && error instanceof CspError && error.code === 'no-infohub') return undefined;
    throw error;
  }
}

/**
 * The documents of one account folder, in a stable order. The folder is read once: an lstat for
 * each possible document made 60,000 Stats objects of garbage at 10,000 accounts (issue 4). A
 * name the listing does not hold exactly is still looked up (a folder that cannot be listed, a
 * case-insensitive file system), so the answer is exists()'s.
 */
function accountDocuments(dir: string): Array<{ path: string; kind: DocKind }> {
  const out: Array<{ path: string; kind: DocKind }> = [];
  let names: Set<string> | undefined;
  let folded: Set<string> | undefined;
  try {
    const listed = readdirSync(dir);
    names = new Set(listed);
    folded = new Set(listed.map((n) => n.toLowerCase()));
  } catch {
    names = undefined;
  }
  const has = (name: string) =>
    names ? names.has(name) || (folded!.has(name) && exists(join(dir, name))) : exists(join(dir, name));
  if (has('success_plan') && exists(join(dir, 'success_plan', 'csp.yaml')))
    out.push({ path: join(dir, 'success_plan', 'csp.yaml'), kind: 'csp' });
  for (const [name, kind] of [
    ['action_tracker.yaml', 'action_tracker'],
    ['risk_register.yaml', 'risk_register'],
    ['decision_log.yaml', 'decision_log'],
    ['health_signals.yaml', 'health_signals'],
  ] as const) {
    if (has(name)) out.push({ path: join(dir, name), kind });
  }
  const plans = join(dir, 'account_plan');
  if (has('account_plan') && statSync(plans).isDirectory()) {
    for (const name of readdirSync(plans).sort()) {
      const path = join(plans, name);
      if (docKindOf(path) === 'account_plan') out.push({ path, kind: 'account_plan' });
    }
  }
  return out;
}

/**
 * A path as given, or, when no such file exists and it names an account of the InfoHub, that
 * account's folder: `csp validate acme`, as hints print it (issue 15).
 */
function pathOrAccount(cwd: string, given: string, hub: Hub | undefined): string {
  const path = resolve(cwd, given);
  if (exists(path) || !hub || !/^[a-z0-9][a-z0-9._-]*$/i.test(given)) return path;
  const account = join(hub.root, given);
  return exists(join(account, 'success_plan', 'csp.yaml')) ? account : path;
}

function collect(path: string): Array<{ path: string; kind: DocKind }> {
  if (!exists(path))
    throw new UsageError(`${path} does not exist`, {
      code: 'no-such-file',
      hint: `check the path${sparseCheckout(dirname(resolve(path))) ? ' (in a sparse checkout, git sparse-checkout add <folder> brings a folder in)' : ''}; with no path, csp validate checks the whole InfoHub`,
    });
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
  if (!kind)
    throw new UsageError(`${path} is not a YAML document csp knows`, {
      code: 'unknown-document',
      hint: 'csp validates csp.yaml, action_tracker.yaml, risk_register.yaml, decision_log.yaml, health_signals.yaml, account_plan/account_plan_FY<year>.yaml and .csp.yaml',
    });
  return [{ path, kind }];
}

/** CLI entry: normalise options, run, report. */
export async function main(
  [paths]: ArgsOf<ValidateCli>,
  options: OptionsOf<ValidateCli>,
  ctx: AppContext,
): Promise<void> {
  const format = options.format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (found "${format}")`, {
      code: 'bad-format',
      hint: 'csp validate --format github (annotations), junit (JUnit XML) or codeclimate (GitLab code quality)',
    });
  const ci = format === 'github' || format === 'junit' || format === 'codeclimate' ? format : undefined;
  if (ci && ctx.flags.json)
    throw new UsageError(`--json and --format ${ci} both choose what stdout holds: pass one`, {
      code: 'conflicting-flags',
    });
  const json = ctx.flags.json || format === 'json';
  const staged = options.staged ?? false;
  const quiet = options.quiet ?? false;
  const changedSince = options.changedSince;
  const strict = options.strict ?? false;
  let run: Awaited<ReturnType<typeof runValidate>>;
  try {
    run = await runValidate(
      { paths, strict, staged, gapPositions: json || !quiet, ...(changedSince !== undefined ? { changedSince } : {}) },
      ctx,
    );
  } catch (error) {
    // NOTE: on GitHub a run that could not check anything (an unknown ref) is annotated too, so the pull request shows why.
    if (ci === 'github' && error instanceof CspError) {
      const { escapeGithubData, escapeGithubProperty } = await import('../../validation/ci-formats.js');
      ctx.io.stdout.write(
        redactSecrets(
          `::error title=${escapeGithubProperty(`csp ${error.code}`)}::${escapeGithubData(error.hint ? `${error.message}\nfix: ${error.hint}` : error.message)}\n`,
          ctx.env,
        ),
      );
    }
    throw error;
  }
  const { result, texts, hub } = run;
  const out = ctx.out;
  if (ci) {
    const { renderCiReport } = await import('../../validation/ci-formats.js');
    const toRepo = await repoPaths(ctx, staged);
    const documents = result.files.map((f) => {
      const account = f.account || accountFolder(f.file, f.kind);
      return {
        file: toRepo(f.file),
        kind: f.kind,
        ...(account ? { account } : {}),
        issues: f.issues.map((i) => ({ ...i, file: toRepo(i.file) })),
      };
    });
    const other = result.interrupted.map((i) => ({ ...i, file: toRepo(i.file) }));
    ctx.io.stdout.write(redactSecrets(renderCiReport(ci, { documents, other, strict }), ctx.env));
    if (result.changed) ctx.out.info(changedNote(result.changed, result.counts.files));
  } else if (json) {
    // NOTE: issue messages quote values: a key someone pasted into a file is masked here too.
    // (--format json, unlike --json, does not make ctx.out a JSON reporter: write the same way here.)
    for (const chunk of jsonChunks(result)) ctx.io.stdout.write(redactSecrets(chunk, ctx.env));
  } else {
    const shown = [...result.interrupted, ...result.files.flatMap((f) => f.issues)].filter(
      (i) => i.severity === 'error' || (!quiet && i.severity === 'warning'),
    );
    for (const f of result.files.filter((f) => f.checked && shown.some((i) => i.file === f.file))) {
      out.result(
        out.style.dim(
          f.checked === 'staged'
            ? `${f.file} (staged version): the working file differs; lines are those of the staged version`
            : `${f.file} (working file): unresolved merge conflict`,
        ),
      );
    }
    if (shown.length > 0) out.result(renderIssues(shown, out.style, (file) => texts.get(file)));
    for (const s of result.skipped) out.warn(`skipped ${s.name}: ${s.reason}`);
    if (!quiet) out.result(summary(result, out.style));
    if (!quiet && result.changed) out.info(changedNote(result.changed, result.counts.files));
    if (result.notCheckedOut && hub) out.result(out.style.dim(notCheckedOutLine(hub, result.notCheckedOut)));
  }
  if (!result.ok) {
    throw new CheckFailedError(
      `${result.counts.errors} error${result.counts.errors === 1 ? '' : 's'}${strict ? ` and ${result.counts.warnings} warning${result.counts.warnings === 1 ? '' : 's'}` : ''} in ${result.counts.files} file${result.counts.files === 1 ? '' : 's'}`,
      {
        code: 'validation-failed',
        reported: json,
        hint: json
          ? undefined
          : staged
            ? 'fix the errors above and git add the files; each names the file, line and column (git commit --no-verify skips this check)'
            : 'fix the errors above; each names the file, line and column',
      },
    );
  }
}

/** The account folder a document is in (csp.yaml and account plans sit one folder deeper); none for .csp.yaml. */
function accountFolder(file: string, kind: DocKind): string | undefined {
  if (kind === 'config') return undefined;
  const dir = kind === 'csp' || kind === 'account_plan' ? dirname(dirname(file)) : dirname(file);
  const name = basename(dir);
  return name && name !== '.' && name !== '..' ? name : undefined;
}

/** The formats of --format. */
const FORMATS = ['text', 'json', 'github', 'junit', 'codeclimate'];

/** What --changed-since checked, for stderr. */
function changedNote(changed: ChangedReport, files: number): string {
  const base = `${changed.changedFiles} file${changed.changedFiles === 1 ? '' : 's'} changed since ${changed.ref} (merge base ${changed.base.slice(0, 12)})`;
  return changed.wholeBecause
    ? `${base}; ${changed.wholeBecause} affects every document, so the whole InfoHub was checked (${files} files)`
    : `${base}; checked the ${files} document${files === 1 ? '' : 's'} they change or affect`;
}

/**
 * How a file is named in a CI report: relative to the repository root, which GitHub and GitLab
 * resolve annotation and report paths against (csp validate may run in a sub-folder). Staged
 * names are already relative to the repository; outside a repository names stay as shown.
 */
async function repoPaths(ctx: AppContext, staged: boolean): Promise<(file: string) => string> {
  if (staged) return (file) => file;
  const repo = await (await ctx.git()).topLevel(ctx.cwd);
  if (!repo) return (file) => file;
  let cwd = ctx.cwd;
  try {
    cwd = realpathSync(ctx.cwd);
  } catch {
    // NOTE: the folder is there (csp just read from it); realpath only matters when it is reached through a symlink.
  }
  return (file) => {
    const rel = relative(repo, resolve(cwd, file)).split(sep).join('/');
    return rel.startsWith('../') ? file : rel;
  };
}

function summary(
  result: ValidateResult,
  style: {
    green(s: string): string;
    red(s: string): string;
    dim(s: string): string;
    cyan(s: string): string;
    bold(s: string): string;
  },
): string {
  const plans = result.files.filter((f) => f.kind === 'csp');
  const lines: string[] = [];
  if (plans.length > 0) {
    const width = Math.max(7, ...plans.map((p) => (p.account ?? p.file).length));
    lines.push(
      style.bold(`${'account'.padEnd(width)}  ${'type'.padEnd(10)} ${'phase'.padEnd(8)} ${'status'.padEnd(14)} result`),
    );
    for (const p of plans) {
      const errors = p.issues.filter((i) => i.severity === 'error').length;
      const warnings = p.issues.filter((i) => i.severity === 'warning').length;
      const gaps = byRequirementOrder(p.issues.filter((i) => i.severity === 'info'));
      const verdict = errors > 0 ? style.red(`${errors} error${errors > 1 ? 's' : ''}`) : style.green('valid');
      const extra = [
        warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '',
        gaps.length ? `${gaps.length} gap${gaps.length > 1 ? 's' : ''} before ${nextPhaseName(p.phase)}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      lines.push(
        `${(p.account || p.file).padEnd(width)}  ${(p.planType ?? '').padEnd(10)} ${(p.phase ?? '').padEnd(8)} ${(p.status ?? '').padEnd(14)} ${verdict}${extra ? style.dim(` (${extra})`) : ''}`,
      );
      for (const gap of gaps.slice(0, 8))
        lines.push(
          style.cyan(`${' '.repeat(width + 2)}- ${gap.message.replace(/ \(needed before \w+\)$/, '')}`) +
            style.dim(`: ${gap.hint ?? ''}`),
        );
      if (gaps.length > 8)
        lines.push(
          style.dim(
            `${' '.repeat(width + 2)}  ... and ${gaps.length - 8} more (csp validate --format json lists them all)`,
          ),
        );
    }
  }
  const c = result.counts;
  lines.push(
    `${c.files} file${c.files === 1 ? '' : 's'} checked: ${c.errors ? style.red(`${c.errors} error${c.errors > 1 ? 's' : ''}`) : style.green('0 errors')}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'}, ${c.gaps} gap${c.gaps === 1 ? '' : 's'}`,
  );
  return lines.join('\n');
}

function nextPhaseName(phase: string | undefined): string {
  return { initiate: 'develop', develop: 'finalize', finalize: 'execute' }[phase ?? ''] ?? 'the next phase';
}
