/**
 * `csp health backtest`: read (the labels CSV, the model, every account's health signals) ->
 * decide (health/backtest.ts: scores, AUC, churn per band; with --fit, the split, the fitted
 * weights and both models on the test half) -> write the fitted model when asked -> report.
 */
import { resolve } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { BacktestCli } from './register.js';
import { openHub, type Hub } from '../../infohub/hub.js';
import { PreconditionError, UsageError } from '../../errors.js';
import {
  evaluate,
  fitWeights,
  splitHalves,
  verdict,
  type Evaluation,
  type Fit,
  type Labelled,
} from '../../customer-health/backtest.js';
import type { HealthModel } from '../../customer-health/model.js';
import { scoreHealth } from '../../customer-health/score.js';
import { newestDate, sortedEntries, type HealthSignals } from '../../customer-health/signals.js';
import { listAccounts } from '../../storage/infohub.js';
import { createFileAtomic, exists } from '../../storage/files.js';
import { renderNewYaml } from '../../yaml/edit.js';
import type { SourceTable } from '../../crm/source-table.js';
import { readCsvFor } from '../shared/csv.js';
import { parseDateFlag } from '../shared/flags.js';
import { loadHealthModel, readSignals } from '../shared/health.js';

/** Options of csp health backtest, normalised. */
export interface BacktestOptions {
  labels: string;
  model?: string;
  asOf?: string;
  idColumn?: string;
  labelColumn?: string;
  fit: boolean;
  writeModel?: string;
}

/** What csp health backtest found. */
export interface BacktestResult {
  asOf: string;
  model: string;
  labels: { file: string; rows: number; matched: number; unmatched: string[]; idColumn: string; labelColumn: string };
  all: Evaluation;
  fit?: {
    trainAccounts: number;
    testAccounts: number;
    weights: Fit['weights'];
    kept: boolean;
    defaultOnTest: Evaluation;
    fittedOnTest: Evaluation;
    written?: string;
  };
  /** The figures said plainly. */
  summary: string[];
}

const ID_COLUMNS = ['account', 'slug', 'account_id', 'id', 'external_id'];
const LABEL_COLUMNS = ['churned', 'churn', 'churn_flag', 'label'];

/** Runs the backtest. Throws UsageError for a labels file without the columns, PreconditionError for a missing file. */
export async function runBacktest(options: BacktestOptions, ctx: AppContext): Promise<BacktestResult> {
  const hub = await openHub(ctx);
  const { model, file: modelFile } = await loadHealthModel(
    hub,
    options.model ? resolve(ctx.cwd, options.model) : undefined,
  );
  const labelsFile = resolve(ctx.cwd, options.labels);
  const table = readCsvFor(hub, labelsFile);
  const { idColumn, labelColumn } = labelColumns(table, options, hub.display(labelsFile));
  const { matched, unmatched } = matchLabels(await allSignals(hub), table, idColumn, labelColumn);
  if (matched.length === 0)
    throw new PreconditionError(
      `no account of ${hub.display(labelsFile)} has health signals in ${hub.display(hub.root)}`,
      { code: 'no-signals', hint: 'import them first: csp signal import <dir> --mapping <file>' },
    );
  const asOf =
    options.asOf ??
    matched
      .map((m) => newestDate(sortedEntries(m.doc), '9999-12-31'))
      .filter((d): d is string => d !== null)
      .sort()
      .pop()!;
  const score = (m: HealthModel) =>
    matched.map(
      (x): Labelled => ({
        account: x.doc.external_id ?? x.account,
        churned: x.churned,
        score: scoreHealth(x.doc, m, asOf),
      }),
    );
  const rows = score(model);
  const all = evaluate(model.name, rows);
  const result: BacktestResult = {
    asOf,
    model: `${model.name} (${hub.display(modelFile)})`,
    labels: {
      file: hub.display(labelsFile),
      rows: table.rows.length,
      matched: matched.length,
      unmatched,
      idColumn,
      labelColumn,
    },
    all,
    summary: [`The model on all ${all.auc.accounts} scored accounts: ${verdict(all.auc)}.`],
  };
  if (options.fit) {
    const fitted = fitOnHalves(model, rows, score);
    result.fit = fitted.fit;
    result.summary.push(...fitted.summary);
    if (options.writeModel) {
      const target = resolve(ctx.cwd, options.writeModel);
      writeFittedModel(
        hub,
        target,
        fitted.model,
        `# Fitted by csp health backtest --fit on ${hub.display(labelsFile)} (${fitted.fit.trainAccounts} accounts), as of ${asOf}.`,
      );
      result.fit.written = hub.display(target);
    }
  }
  return result;
}

/** A row of the labels file matched to an account's health signals. */
interface Matched {
  account: string;
  doc: HealthSignals;
  churned: boolean;
}

/**
 * The id and label columns of the labels file: as given (--id-column, --label-column) or the first
 * of ID_COLUMNS / LABEL_COLUMNS it has. Throws UsageError (bad-labels) naming the columns it has.
 */
function labelColumns(
  table: SourceTable,
  options: Pick<BacktestOptions, 'idColumn' | 'labelColumn'>,
  shown: string,
): { idColumn: string; labelColumn: string } {
  const columns = (table.columns ?? []).map((c) => c.toLowerCase());
  const pick = (given: string | undefined, candidates: string[], flag: string) => {
    const found = given ?? candidates.find((c) => columns.includes(c));
    if (!found || !columns.includes(found.toLowerCase()))
      throw new UsageError(
        `${shown} has no ${given ? `column ${given}` : `${flag.replace('-column', '')} column (${candidates.join(', ')})`}`,
        { code: 'bad-labels', hint: `name it with --${flag} (columns: ${(table.columns ?? []).join(', ')})` },
      );
    return found;
  };
  return {
    idColumn: pick(options.idColumn, ID_COLUMNS, 'id-column'),
    labelColumn: pick(options.labelColumn, LABEL_COLUMNS, 'label-column'),
  };
}

/**
 * Each labels row matched to the account whose folder or external_id is its id; the ids that
 * match none. Throws UsageError (bad-labels) for a label that is not true or false.
 */
function matchLabels(
  signals: ReadonlyMap<string, HealthSignals>,
  table: SourceTable,
  idColumn: string,
  labelColumn: string,
): { matched: Matched[]; unmatched: string[] } {
  const byKey = new Map<string, { account: string; doc: HealthSignals }>();
  for (const [account, doc] of signals) {
    byKey.set(account, { account, doc });
    if (doc.external_id) byKey.set(doc.external_id, { account, doc });
  }
  const matched: Matched[] = [];
  const unmatched: string[] = [];
  for (const row of table.rows) {
    const id = String(row.get(idColumn) ?? '').trim();
    const raw = String(row.get(labelColumn) ?? '').trim();
    const churned = /^(true|yes|y|1|churned)$/i.test(raw) ? true : /^(false|no|n|0|)$/i.test(raw) ? false : null;
    if (churned === null)
      throw new UsageError(`${table.file}:${row.line}: ${labelColumn} "${raw}" is not true or false`, {
        code: 'bad-labels',
      });
    const hit = byKey.get(id);
    if (hit) matched.push({ ...hit, churned });
    else unmatched.push(id);
  }
  return { matched, unmatched };
}

/**
 * --fit: weights fitted on one half of the accounts, both models evaluated on the other half, and
 * the figures said plainly. `score` scores every matched account with a model.
 */
function fitOnHalves(
  model: HealthModel,
  rows: Labelled[],
  score: (m: HealthModel) => Labelled[],
): { fit: NonNullable<BacktestResult['fit']>; model: HealthModel; summary: string[] } {
  const { train, test } = splitHalves(rows);
  const fitted = fitWeights(model, train);
  const testIds = new Set(test.map((t) => t.account));
  const fittedRows = score(fitted.model).filter((r) => testIds.has(r.account));
  const defaultOnTest = evaluate(model.name, test);
  const fittedOnTest = evaluate(fitted.model.name, fittedRows);
  return {
    fit: {
      trainAccounts: train.length,
      testAccounts: test.length,
      weights: fitted.weights,
      kept: fitted.kept,
      defaultOnTest,
      fittedOnTest,
    },
    model: fitted.model,
    summary: [
      fitted.kept
        ? 'No component separated churn better than chance on the training half, so the fitted model keeps the weights.'
        : `Fitted weights: ${fitted.weights.map((w) => `${w.id} ${w.before} -> ${w.after}`).join(', ')}.`,
      `On the test half (${test.length} accounts) the model is ${verdict(defaultOnTest.auc)}; the fitted model is ${verdict(fittedOnTest.auc)}.`,
    ],
  };
}

/** --write-model: writes the fitted model as a new YAML file. Throws PreconditionError (file-exists) when target exists. */
function writeFittedModel(hub: Hub, target: string, model: HealthModel, header: string): void {
  if (exists(target))
    throw new PreconditionError(`${hub.display(target)} already exists`, {
      code: 'file-exists',
      hint: 'choose another --write-model file',
    });
  createFileAtomic(target, renderNewYaml(model, { header }));
}

/**
 * Every account folder's health signals, by account (folders holding health_signals.yaml, listed
 * as listAccounts lists plans: unsafe names and links out of the InfoHub left out). An invalid
 * file stops the backtest with its errors (PlanInvalidError), as a score on bad data would mislead.
 */
async function allSignals(hub: Hub): Promise<Map<string, HealthSignals>> {
  const out = new Map<string, HealthSignals>();
  for (const name of listAccounts(hub.root, 'health_signals.yaml').accounts) {
    const doc = await readSignals(hub, name);
    if (doc) out.set(name, doc);
  }
  return out;
}

function table(e: Evaluation): string[] {
  const lines = ['    band     accounts  churned  churn rate'];
  for (const b of e.bands.filter((x) => x.accounts > 0))
    lines.push(
      `    ${b.band.padEnd(8)} ${String(b.accounts).padStart(8)} ${String(b.churned).padStart(8)}  ${b.rate === null ? '-' : `${b.rate}%`.padStart(10)}`,
    );
  lines.push(`    components (AUC): ${e.components.map((c) => `${c.id} ${c.auc.auc ?? '-'}`).join(', ')}`);
  return lines;
}

/** CLI entry: normalise options, run, report. */
export async function main(
  _args: ArgsOf<BacktestCli>,
  options: OptionsOf<BacktestCli>,
  ctx: AppContext,
): Promise<void> {
  if (options.labels === undefined)
    throw new UsageError('missing --labels', {
      code: 'missing-flag',
      hint: 'csp health backtest --labels <csv> (one row per account: its id and whether it churned)',
    });
  if (options.writeModel !== undefined && !options.fit)
    throw new UsageError('--write-model needs --fit', { code: 'bad-flag' });
  const result = await runBacktest(
    {
      labels: options.labels,
      ...(options.model !== undefined ? { model: options.model } : {}),
      ...(options.asOf !== undefined ? { asOf: parseDateFlag(options.asOf, 'as-of') } : {}),
      ...(options.idColumn !== undefined ? { idColumn: options.idColumn } : {}),
      ...(options.labelColumn !== undefined ? { labelColumn: options.labelColumn } : {}),
      fit: options.fit ?? false,
      ...(options.writeModel !== undefined ? { writeModel: options.writeModel } : {}),
    },
    ctx,
  );
  const out = ctx.out;
  if (result.labels.unmatched.length > 0)
    out.warn(
      `${result.labels.unmatched.length} labelled account${result.labels.unmatched.length === 1 ? ' has' : 's have'} no health signals: ${result.labels.unmatched.slice(0, 5).join(', ')}${result.labels.unmatched.length > 5 ? ', ...' : ''}`,
    );
  if (ctx.flags.json) {
    out.data({ ok: true, ...result });
    return;
  }
  const a = result.all;
  out.result(
    `Backtest of ${result.model} on ${result.labels.matched} labelled accounts (${a.auc.churned} churned), as of ${result.asOf}`,
  );
  out.result(
    `  ROC AUC ${a.auc.auc ?? '-'} (95% interval ${a.auc.low ?? '-'}-${a.auc.high ?? '-'})${a.unscored ? `; ${a.unscored} accounts without a score left out` : ''}`,
  );
  for (const line of table(a)) out.result(line);
  if (result.fit) {
    const f = result.fit;
    out.result(`Fit on ${f.trainAccounts} accounts, test on the other ${f.testAccounts}:`);
    for (const w of f.weights)
      out.result(`    ${w.id.padEnd(13)} weight ${w.before} -> ${w.after}  (training AUC ${w.trainAuc ?? '-'})`);
    out.result(
      `  the model on the test half: AUC ${f.defaultOnTest.auc.auc ?? '-'} (${f.defaultOnTest.auc.low ?? '-'}-${f.defaultOnTest.auc.high ?? '-'})`,
    );
    for (const line of table(f.defaultOnTest)) out.result(line);
    out.result(
      `  the fitted model on the test half: AUC ${f.fittedOnTest.auc.auc ?? '-'} (${f.fittedOnTest.auc.low ?? '-'}-${f.fittedOnTest.auc.high ?? '-'})`,
    );
    for (const line of table(f.fittedOnTest)) out.result(line);
    if (f.written) out.info(`wrote the fitted model to ${f.written}`);
  }
  for (const s of result.summary) out.result(s);
}
