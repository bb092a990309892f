/**
 * `csp export`: read (the plan, its snapshots, the git commit) -> decide (redact for the
 * audience by the schema, render: src/export/, pure) -> write (stdout, or -o files written
 * atomically, never over an existing file without --force; PDF through Chromium) -> report.
 * Every check that can refuse (arguments, existing files, Chromium) runs before anything is
 * rendered or written.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { AppContext } from '../../cli/context.js';
import { openHub, planStore, type Hub } from '../../infohub/hub.js';
import { VERSION } from '../../cli/version.js';
import type { Issue } from '../../domain/issue.js';
import type { Plan } from '../../domain/plan.js';
import { CheckFailedError, CspError, PlanInvalidError, PreconditionError, UsageError } from '../../errors.js';
import { formatOfPath, pdfFooter, prepareExport, renderText, type ExportFormat } from '../../export/document.js';
import type { PdfPrinter } from '../../export/pdf.js';
import type { Audience } from '../../export/redact.js';
import type { Provenance } from '../../export/view.js';
import { gitAccessOf } from '../../history/read.js';
import { nextVersion } from '../../history/versions.js';
import { loadSchema } from '../../schema/schemas.js';
import { validateSchema } from '../../schema/validate.js';
import { readDocument } from '../../storage/documents.js';
import { exists, writeFileAtomic } from '../../storage/files.js';
import { assertNoSecrets, assertNoSecretsIn } from '../../storage/secrets.js';
import { listAccounts, type SkippedAccount } from '../../storage/infohub.js';
import { checkWrite } from '../../storage/gate.js';
import { stdoutWasClosed } from '../../cli/stdout-closed.js';
import { placeIssues } from '../../validation/file.js';
import type { ExportCli } from './register.js';

/** Options of csp export, normalised. */
export interface ExportOptions {
  /** The account; undefined with `all`. */
  account?: string;
  all: boolean;
  audience: Audience;
  /** The format asked for; undefined: from the -o extension, else md. */
  format?: ExportFormat;
  /** A file (one account) or a folder (--all), as given; undefined: stdout. */
  output?: string;
  force: boolean;
}

/** One exported plan. */
export interface ExportedPlan {
  account: string;
  audience: Audience;
  format: ExportFormat;
  /** Where it was written (as shown in messages), or null for stdout. */
  file: string | null;
  bytes: number;
  /** JSON pointers of the values the customer view left out. */
  withheld: string[];
  version: number | null;
  commit: string | null;
  uncommitted: boolean;
}

/** What csp export did. */
export interface ExportResult {
  exported: ExportedPlan[];
  /** Plans that could not be exported (--all goes on with the others). */
  failed: Array<{ account: string; error: CspError }>;
  /** Account folders that were not read, and why. */
  skipped: SkippedAccount[];
  /** The document, when it goes to stdout (one account, no -o). */
  content?: string;
}

/**
 * Exports one plan or every plan. Throws UsageError (2) for conflicting or missing flags,
 * PreconditionError (3) when a target file exists (without --force), the account has no plan or
 * Chromium is missing for pdf, PlanInvalidError (1) when the one plan asked for does not match the
 * schema, ExternalError (4) when git or Chromium fails.
 */
export async function runExport(options: ExportOptions, ctx: AppContext): Promise<ExportResult> {
  const format = decideFormat(options);
  const hub = await openHub(ctx);

  const skipped: SkippedAccount[] = [];
  let accounts: string[];
  if (options.all) {
    const listed = listAccounts(hub.root);
    accounts = listed.accounts;
    skipped.push(...listed.skipped);
  } else {
    hub.existingAccount(options.account!);
    accounts = [options.account!];
  }
  const targets = decideTargets(options, accounts, format, ctx.cwd);
  const existing = [...targets.values()].filter((t): t is string => t !== null && exists(t));
  if (existing.length > 0 && !options.force) {
    const names = existing.map(hub.display);
    throw new PreconditionError(
      `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} already exist${names.length === 1 ? 's' : ''}`,
      {
        code: 'file-exists',
        hint: 'pass --force to overwrite, or choose another -o',
      },
    );
  }
  const chromium =
    format === 'pdf'
      ? (await import('../../export/pdf.js')).findChromium(hub.config.chromiumPath, ctx.env.PATH)
      : undefined;

  const git = await gitFacts(
    ctx,
    hub,
    accounts.map((a) => hub.paths(a).csp),
    accounts.map((a) => hub.paths(a).history),
  );
  const schema = loadSchema('csp');
  const result: ExportResult = { exported: [], failed: [], skipped };
  let printer: PdfPrinter | undefined;
  try {
    for (const account of accounts) {
      try {
        const paths = hub.paths(account);
        const plan = await readValidPlan(hub, account);
        const provenance: Provenance = {
          generatedOn: hub.today,
          version: latestVersion(account, paths.history, git.snapshots),
          commit: git.head,
          uncommitted: git.inGit && (git.head === null || git.changed.has(paths.csp)),
          inGit: git.inGit,
        };
        const prepared = prepareExport(plan, schema, options.audience, provenance, {
          show: hub.config.customerExportShow,
        });
        const target = targets.get(account) ?? null;
        // NOTE: one secret check for every format and target (file, stdout, PDF): on the data the
        // document is rendered from (escaping or a compressed PDF cannot hide a key) and on its text.
        const where = target ? hub.display(target) : `the ${options.audience} export of ${account} (stdout)`;
        const refusal = {
          hint: `remove the key from ${hub.display(paths.csp)} (keep it in ANTHROPIC_API_KEY only), then export again`,
        };
        assertNoSecretsIn(where, prepared.view, refusal);
        let content: string | Uint8Array;
        if (format === 'pdf') {
          printer ??= await (await import('../../export/pdf.js')).openPdfPrinter(chromium!);
          const html = renderText(prepared, 'html', `csp ${VERSION}`);
          assertNoSecrets(where, html + pdfFooter(prepared.view), refusal);
          content = await printer.print(html, pdfFooter(prepared.view));
        } else content = renderText(prepared, format, `csp ${VERSION}`);
        assertNoSecrets(where, content, refusal);
        if (target) writeFileAtomic(target, content);
        else result.content = content as string;
        result.exported.push({
          account,
          audience: options.audience,
          format,
          file: target ? hub.display(target) : null,
          bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.length,
          withheld: prepared.withheld,
          version: provenance.version,
          commit: provenance.commit,
          uncommitted: provenance.uncommitted,
        });
      } catch (error) {
        if (!options.all || !(error instanceof CspError)) throw error;
        result.failed.push({ account, error });
      }
    }
  } finally {
    await printer?.close();
  }
  return result;
}

function decideFormat(options: ExportOptions): ExportFormat {
  if (options.all && options.account)
    throw new UsageError('pass an account or --all, not both', {
      hint: 'csp export <account> -o <file>, or csp export --all -o <folder>',
    });
  if (!options.all && !options.account)
    throw new UsageError('missing <account>', {
      code: 'missing-argument',
      hint: 'csp export <account>, or csp export --all -o <folder>',
    });
  if (options.all && !options.output)
    throw new UsageError('--all writes one file per account and needs -o <folder>', {
      hint: 'csp export --all --audience customer -o exports/',
    });
  const format = options.format ?? (options.output && !options.all ? formatOfPath(options.output) : undefined) ?? 'md';
  if (format === 'pdf' && !options.output)
    throw new UsageError('--format pdf writes a file: pass -o <file>.pdf', {
      hint: `csp export ${options.account ?? '<account>'} -o plan.pdf`,
    });
  return format;
}

/** Where each account's export goes: a file, or null for stdout. */
function decideTargets(
  options: ExportOptions,
  accounts: string[],
  format: ExportFormat,
  cwd: string,
): Map<string, string | null> {
  const targets = new Map<string, string | null>();
  if (!options.output) {
    for (const a of accounts) targets.set(a, null);
    return targets;
  }
  const out = resolve(cwd, options.output);
  // NOTE: the link rule first: a dangling link or a link out is refused by name, before a stat follows it.
  checkWrite(out);
  const isDir = exists(out) && statSync(out).isDirectory();
  if (options.all) {
    if (exists(out) && !isDir)
      throw new UsageError(`-o ${options.output} is a file; --all needs a folder`, {
        hint: 'csp export --all -o exports/',
      });
    for (const a of accounts) {
      targets.set(a, join(out, `${a}.${format}`));
      checkWrite(join(out, `${a}.${format}`));
    }
  } else {
    if (isDir)
      throw new UsageError(`-o ${options.output} is a folder; give the file to write`, {
        hint: `csp export ${options.account} -o ${join(options.output, `${options.account}.${format}`)}`,
      });
    targets.set(options.account!, out);
  }
  return targets;
}

/** Reads a plan and refuses one that does not match the schema (the renderers rely on its shapes). */
export async function readValidPlan(hub: Hub, account: string): Promise<Plan> {
  const doc = await readDocument<Plan>(hub.existingAccount(account).csp, 'csp', planStore(hub, account));
  const errors = (await validateSchema('csp', doc.data)).filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    const placed = await placeIssues(doc.display, doc.text, errors);
    throw new PlanInvalidError(`${doc.display} does not match the CSP schema, so it is not exported`, placed, {
      code: 'export-invalid',
      hint: `fix the errors above (csp validate ${doc.display} lists them)`,
    });
  }
  return doc.data;
}

/** HEAD and which plans differ from it; outside git: not in git. */
export async function gitFacts(
  ctx: AppContext,
  hub: Hub,
  files: string[],
  histories: string[],
): Promise<{ inGit: boolean; head: string | null; changed: Set<string>; snapshots: Map<string, string[]> }> {
  const git = await ctx.git();
  const repo = await git.topLevel(hub.root);
  if (!repo) return { inGit: false, head: null, changed: new Set(), snapshots: new Map() };
  // NOTE: in a sparse checkout the snapshot names HEAD holds count for the version too: it may leave csp_history/ out (issue 20).
  const sparse = (await gitAccessOf(git, repo)).sparse;
  const [head, changed, committed] = await Promise.all([
    git.headCommit(repo),
    git.changedFiles(repo, files),
    sparse ? git.headFiles(repo, histories) : [],
  ]);
  const snapshots = new Map<string, string[]>();
  for (const f of committed) {
    // <account>/success_plan/csp_history/<file>
    const account = basename(dirname(dirname(dirname(f))));
    snapshots.set(account, [...(snapshots.get(account) ?? []), basename(f)]);
  }
  return { inGit: true, head, changed, snapshots };
}

/** The highest snapshot version of an account: on disk, or in HEAD's tree (`snapshots`: file names by account); null when none. */
export function latestVersion(account: string, history: string, snapshots: Map<string, string[]>): number | null {
  const inGit = snapshots.get(account) ?? [];
  const version = nextVersion([...(exists(history) ? readdirSync(history) : []), ...inGit]) - 1;
  return version > 0 ? version : null;
}

/** CLI entry: normalise options, run, report. */
export async function main(
  [account]: ArgsOf<ExportCli>,
  options: OptionsOf<ExportCli>,
  ctx: AppContext,
): Promise<void> {
  // NOTE: the document goes to stdout without -o: a closed stdout would lose it while csp reports
  // success (issue 19), so it is refused before anything is read.
  if (options.output === undefined && ctx.io.stdout === process.stdout && stdoutWasClosed()) {
    throw new PreconditionError('stdout is closed, so the exported document would be lost; nothing was exported', {
      code: 'stdout-closed',
      hint: `write it to a file: csp export ${account ?? '<account>'} -o <file>`,
    });
  }
  const result = await runExport(
    {
      account,
      all: options.all ?? false,
      audience: options.audience ?? 'customer',
      format: options.format,
      output: options.output,
      force: options.force ?? false,
    },
    ctx,
  );
  const out = ctx.out;
  for (const s of result.skipped) out.warn(`skipped ${s.name}: ${s.reason}`);
  const describe = (e: ExportedPlan) =>
    `${e.account}: ${e.audience} ${e.format}${e.file ? ` -> ${e.file}` : ''} (${e.version === null ? 'no snapshot yet' : `v${e.version}`}, ${e.commit ? `commit ${e.commit}` : 'no commit'}${e.uncommitted ? ', uncommitted changes' : ''}${e.audience === 'customer' ? `; ${e.withheld.length} internal value${e.withheld.length === 1 ? '' : 's'} left out` : ''})`;

  if (result.failed.length > 0) {
    if (!ctx.flags.json) for (const e of result.exported) out.result(describe(e));
    const issues: Issue[] = result.failed.flatMap(({ account: a, error }) =>
      error instanceof PlanInvalidError && error.issues.length
        ? error.issues
        : [
            {
              code: error.code,
              severity: 'error' as const,
              file: a,
              path: '',
              message: error.message,
              hint: error.hint,
            },
          ],
    );
    throw new CheckFailedError(
      `${result.failed.length} of ${result.failed.length + result.exported.length} plans were not exported (${result.failed.map((f) => f.account).join(', ')})`,
      {
        code: 'export-failed',
        issues,
        hint: 'fix those plans (csp validate) and export them again; the others were written',
      },
    );
  }
  if (ctx.flags.json) {
    const [only] = result.exported;
    const content =
      result.content === undefined ? undefined : only?.format === 'json' ? JSON.parse(result.content) : result.content;
    out.data({
      ok: true,
      exported: result.exported,
      skipped: result.skipped,
      ...(content === undefined ? {} : { content }),
    });
    return;
  }
  if (result.content !== undefined) {
    ctx.io.stdout.write(result.content);
    for (const e of result.exported) out.info(describe(e));
  } else {
    for (const e of result.exported) out.result(describe(e));
    if (result.exported.length === 0) out.info('no plans to export');
  }
}
