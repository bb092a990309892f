/**
 * `csp qbr`: read (the plan, its health signals, decision log and git facts, as csp export does)
 * -> decide (redact for the audience by the schema: export/document.ts; build the deck:
 * export/qbr.ts, pure) -> write (-o file atomically, never over an existing one without --force;
 * pptx through pptxgenjs, pdf through Chromium, md to stdout without -o) -> report.
 */
import { join, resolve } from 'node:path';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { AppContext } from '../../cli/context.js';
import { openHub } from '../../infohub/hub.js';
import { VERSION } from '../../cli/version.js';
import { PreconditionError, UsageError } from '../../errors.js';
import { prepareExport } from '../../export/document.js';
import { buildQbr, deckTexts, parseQuarter, quarterOf, type QbrDeck } from '../../export/qbr.js';
import { deckPages, renderQbrHtml, renderQbrMarkdown } from '../../export/qbr-text.js';
import { redact, type Audience } from '../../export/redact.js';
import type { Provenance } from '../../export/view.js';
import { scoreHealth } from '../../customer-health/score.js';
import { loadSchema } from '../../schema/schemas.js';
import type { AccountPlan, DecisionLog } from '../../domain/types.gen.js';
import { readDocument } from '../../storage/documents.js';
import { exists, writeFileAtomic } from '../../storage/files.js';
import { checkWrite } from '../../storage/gate.js';
import { assertNoSecrets, assertNoSecretsIn } from '../../storage/secrets.js';
import { gitFacts, latestVersion, readValidPlan } from '../export/run.js';
import { loadHealthModel, readSignals } from '../shared/health.js';
import type { QbrCli } from './register.js';

/** The deck formats. */
export const QBR_FORMATS = ['pptx', 'md', 'pdf'] as const;
/** A deck format. */
export type QbrFormat = (typeof QBR_FORMATS)[number];

/** Options of csp qbr, normalised. */
export interface QbrOptions {
  account: string;
  /** YYYY-Qn; undefined: the quarter of today. */
  quarter?: string;
  format?: QbrFormat;
  audience: Audience;
  ebr: boolean;
  output?: string;
  force: boolean;
}

/** What csp qbr did. */
export interface QbrResult {
  account: string;
  quarter: string;
  audience: Audience;
  format: QbrFormat;
  /** Where it was written (as shown), or null for stdout. */
  file: string | null;
  bytes: number;
  /** Slides in the deck: the title slide and one per page (a long section takes several). */
  slides: number;
  withheld: number;
  /** The markdown, when it goes to stdout. */
  content?: string;
}

/**
 * Builds and writes the deck. Throws UsageError (2) for a bad quarter or format, PreconditionError
 * (3) when the file exists (without --force) or Chromium is missing for pdf, PlanInvalidError (1)
 * when the plan does not match the schema, ExternalError (4) when git or Chromium fails.
 */
export async function runQbr(options: QbrOptions, ctx: AppContext): Promise<QbrResult> {
  const hub = await openHub(ctx);
  const paths = hub.existingAccount(options.account);
  const quarter = options.quarter ? parseQuarter(options.quarter) : quarterOf(hub.today);
  const fromPath = options.output ? /\.(pptx|md|markdown|pdf)$/i.exec(options.output)?.[1]?.toLowerCase() : undefined;
  const format: QbrFormat =
    options.format ?? (fromPath === 'markdown' ? 'md' : (fromPath as QbrFormat | undefined)) ?? 'pptx';
  const output =
    options.output ??
    (format === 'md' ? undefined : `${options.account}_${options.ebr ? 'ebr' : 'qbr'}_${quarter.label}.${format}`);
  const target = output ? resolve(ctx.cwd, output) : null;
  if (target) {
    checkWrite(target);
    if (exists(target) && !options.force)
      throw new PreconditionError(`${hub.display(target)} already exists`, {
        code: 'file-exists',
        hint: `pass --force to overwrite, or choose another file: csp qbr ${options.account} -o <file>.${format}`,
      });
  }
  const chromium =
    format === 'pdf'
      ? (await import('../../export/pdf.js')).findChromium(hub.config.chromiumPath, ctx.env.PATH)
      : undefined;

  const git = await gitFacts(ctx, hub, [paths.csp], [paths.history]);
  const plan = await readValidPlan(hub, options.account);
  const provenance: Provenance = {
    generatedOn: hub.today,
    version: latestVersion(options.account, paths.history, git.snapshots),
    commit: git.head,
    uncommitted: git.inGit && (git.head === null || git.changed.has(paths.csp)),
    inGit: git.inGit,
  };
  // NOTE: the same schema-driven redaction as csp export, for the plan and for the decision log.
  const prepared = prepareExport(plan, loadSchema('csp'), options.audience, provenance, {
    show: hub.config.customerExportShow,
  });
  const log = exists(paths.decisionLog)
    ? (await readDocument<DecisionLog>(paths.decisionLog, 'decision_log', hub.store)).data
    : undefined;
  const decisions = log ? redact(log, loadSchema('decision_log'), options.audience).data.decisions : undefined;
  const signals = await readSignals(hub, options.account);
  const asOf = quarter.end < hub.today ? quarter.end : hub.today;
  const health =
    options.audience === 'internal' && signals
      ? scoreHealth(signals, (await loadHealthModel(hub)).model, asOf)
      : undefined;
  const deck: QbrDeck = buildQbr({
    view: prepared.view,
    quarter,
    kind: options.ebr ? 'ebr' : 'qbr',
    signals,
    health,
    decisions,
    accountPlan: options.ebr
      ? await readAccountPlan(hub, paths.accountPlan, quarter.label, options.audience)
      : undefined,
  });

  const where = target
    ? hub.display(target)
    : `the ${options.audience} ${options.ebr ? 'EBR' : 'QBR'} of ${options.account} (stdout)`;
  const refusal = {
    hint: `remove the key from ${hub.display(paths.csp)} (keep it in ANTHROPIC_API_KEY only), then run csp qbr again`,
  };
  assertNoSecretsIn(where, deck, refusal);
  assertNoSecrets(where, deckTexts(deck).join('\n'), refusal);
  let content: string | Uint8Array;
  if (format === 'pptx') content = await (await import('../../export/qbr-pptx.js')).renderQbrPptx(deck);
  else if (format === 'pdf') {
    const { openPdfPrinter } = await import('../../export/pdf.js');
    const printer = await openPdfPrinter(chromium!);
    try {
      content = await printer.print(
        renderQbrHtml(deck, `csp ${VERSION}`),
        `${deck.accountName} · ${deck.quarter.label} business review${options.audience === 'internal' ? ' · INTERNAL' : ''}`,
      );
    } finally {
      await printer.close();
    }
  } else content = renderQbrMarkdown(deck);
  assertNoSecrets(where, content, refusal);
  if (target) writeFileAtomic(target, content);
  return {
    account: options.account,
    quarter: quarter.label,
    audience: options.audience,
    format,
    file: target ? hub.display(target) : null,
    bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.length,
    slides: deckPages(deck).length + 1,
    withheld: prepared.withheld.length,
    ...(target ? {} : { content: content as string }),
  };
}

/**
 * The account plan of the quarter's fiscal year (account_plan/account_plan_FY<year>.yaml) once
 * approved or active (a draft is not yet agreed), redacted for the audience by its schema; undefined without one.
 */
async function readAccountPlan(
  hub: Awaited<ReturnType<typeof openHub>>,
  dir: string,
  quarter: string,
  audience: Audience,
): Promise<AccountPlan | undefined> {
  const file = join(dir, `account_plan_FY${quarter.slice(0, 4)}.yaml`);
  if (!exists(file)) return undefined;
  const { data } = await readDocument<AccountPlan>(file, 'account_plan', hub.store);
  if (data.status !== 'approved' && data.status !== 'active') return undefined;
  return redact(data, loadSchema('account_plan'), audience).data;
}

/** CLI entry: normalise options, run, report. */
export async function main([account]: ArgsOf<QbrCli>, options: OptionsOf<QbrCli>, ctx: AppContext): Promise<void> {
  if (!account)
    throw new UsageError('missing <account>', {
      code: 'missing-argument',
      hint: 'csp qbr <account> --quarter 2027-Q1',
    });
  const result = await runQbr(
    {
      account,
      quarter: options.quarter,
      format: options.format,
      audience: options.audience ?? 'customer',
      ebr: options.ebr ?? false,
      output: options.output,
      force: options.force ?? false,
    },
    ctx,
  );
  if (ctx.flags.json) {
    ctx.out.data({ ok: true, ...result });
    return;
  }
  const line = `${result.account}: ${result.audience} ${result.quarter} ${result.format}${result.file ? ` -> ${result.file}` : ''}${result.audience === 'customer' ? ` (${result.withheld} internal value${result.withheld === 1 ? '' : 's'} left out)` : ''}`;
  if (result.content !== undefined) {
    ctx.io.stdout.write(result.content);
    ctx.out.info(line);
  } else ctx.out.result(line);
}
