/**
 * `csp signal import <dir> --mapping <file|name>`: read (the mapping, then the CSV files it
 * names) -> decide (health/import.ts: entries per account and period, each value with its rows)
 * -> write (each account's health_signals.yaml: the entries of this source replaced, others
 * kept; a new file for an account that has none, unless --existing-only; one account at a time,
 * under its lock, the first one written with the schema copy as one transaction) -> report created /
 * updated / unchanged / skipped, and every row problem by file and line.
 */
import { join, resolve } from 'node:path';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { AppContext } from '../../cli/context.js';
import { openHub, type Hub } from '../../infohub/hub.js';
import { set } from '../../domain/edit.js';
import { PreconditionError, UsageError } from '../../errors.js';
import {
  importSignals,
  type ImportProblem,
  type ImportedAccount,
  type SignalMapping,
} from '../../customer-health/import.js';
import { newSignalsDocument, replaceSourceEdits, type HealthSignals } from '../../customer-health/signals.js';
import type { SourceTable } from '../../crm/source-table.js';
import { readDocument } from '../../storage/documents.js';
import { exists } from '../../storage/files.js';
import { changeAccount } from '../shared/locked.js';
import { readCsvFor } from '../shared/csv.js';
import type { SignalImportCli } from './register.js';
import { loadSignalMapping, writeSignals } from '../shared/health.js';

/** Options of csp signal import, normalised. */
export interface SignalImportOptions {
  dir: string;
  mapping: string;
  asOf?: string;
  existingOnly: boolean;
  dryRun: boolean;
}

/** What happened to one account. */
export interface ImportedFile {
  account: string;
  file: string;
  action: 'created' | 'updated' | 'unchanged' | 'skipped';
  entries: number;
  reason?: string;
  /** The account has a CSP. */
  hasPlan: boolean;
}

/** What csp signal import did. */
export interface SignalImportResult {
  mapping: string;
  source: string;
  asOf: string;
  accounts: ImportedFile[];
  problems: ImportProblem[];
  rowsUsed: Record<string, number>;
  counts: Record<ImportedFile['action'], number>;
}

/** Imports. Throws PreconditionError when a file is missing or unreadable, PlanInvalidError for a bad mapping. */
export async function runSignalImport(options: SignalImportOptions, ctx: AppContext): Promise<SignalImportResult> {
  const hub = await openHub(ctx);
  const { mapping, file: mappingFile } = await loadSignalMapping(hub, options.mapping, ctx.cwd);
  const dir = resolve(ctx.cwd, options.dir);
  const tables = readTables(dir, mapping, hub);
  const result = importSignals(mapping, tables, options.asOf ? { asOf: options.asOf } : {});
  if (result.accounts.length === 0 && result.problems.length > 0 && !result.asOf) {
    throw new PreconditionError(result.problems[result.problems.length - 1].message, {
      code: 'nothing-to-import',
      hint: 'pass --as-of YYYY-MM-DD',
    });
  }
  const files: ImportedFile[] = [];
  // NOTE: one account's lock at a time, never two at once.
  for (const account of result.accounts)
    files.push(
      await changeAccount(
        ctx,
        hub,
        account.slug,
        'csp signal import',
        () => writeAccount(hub, mapping, account, options),
        { dryRun: options.dryRun },
      ),
    );
  const counts = { created: 0, updated: 0, unchanged: 0, skipped: 0 };
  for (const f of files) counts[f.action]++;
  return {
    mapping: hub.display(mappingFile),
    source: mapping.source,
    asOf: result.asOf,
    accounts: files,
    problems: result.problems,
    rowsUsed: result.rowsUsed,
    counts,
  };
}

function readTables(dir: string, mapping: SignalMapping, hub: Hub): Map<string, SourceTable> {
  const tables = new Map<string, SourceTable>();
  for (const file of [mapping.accounts.file, ...mapping.tables.map((t) => t.file)]) {
    if (tables.has(file)) continue;
    const path = join(dir, file);
    if (!exists(path))
      throw new PreconditionError(`${hub.display(path)} does not exist; the mapping ${mapping.source} reads it`, {
        code: 'no-file',
        hint: 'pass the folder that holds the export, or fix the file names in the mapping',
      });
    tables.set(file, readCsvFor(hub, path, file));
  }
  return tables;
}

/** Writes one account's entries: this source's entries replaced, everything else kept (with the schema copy when it is missing or old). Runs under the account's lock, unless dryRun. */
async function writeAccount(
  hub: Hub,
  mapping: SignalMapping,
  account: ImportedAccount,
  options: SignalImportOptions,
): Promise<ImportedFile> {
  const paths = hub.paths(account.slug);
  const file = paths.healthSignals;
  const base = {
    account: account.slug,
    file: hub.display(file),
    entries: account.entries.length,
    hasPlan: exists(paths.csp),
  };
  if (!exists(file)) {
    if (options.existingOnly && !exists(paths.dir))
      return { ...base, action: 'skipped', reason: 'no folder in the InfoHub (--existing-only)' };
    const data: HealthSignals = {
      ...newSignalsDocument(account.slug, undefined, { name: account.name, externalId: account.externalId }),
      signals: account.entries,
    };
    await writeSignals(hub, account.slug, { create: data }, { dryRun: options.dryRun, command: 'csp signal import' });
    return { ...base, action: 'created' };
  }
  const doc = await readDocument<HealthSignals>(file, 'health_signals', hub.store);
  if (doc.data.external_id !== undefined && doc.data.external_id !== account.externalId) {
    return {
      ...base,
      action: 'skipped',
      reason: `its health_signals.yaml belongs to ${doc.data.external_id}, not ${account.externalId}`,
    };
  }
  const edits = replaceSourceEdits(doc.data.signals, mapping.source, account.entries);
  if (doc.data.external_id === undefined) edits.push(set(['external_id'], account.externalId));
  if (doc.data.name === undefined && account.name) edits.push(set(['name'], account.name));
  if (edits.length === 0) return { ...base, action: 'unchanged' };
  const { changed } = await writeSignals(
    hub,
    account.slug,
    { doc, edits },
    { dryRun: options.dryRun, command: 'csp signal import' },
  );
  return { ...base, action: changed ? 'updated' : 'unchanged' };
}

/** CLI entry: normalise options, run, report. */
export async function main(
  [dir]: ArgsOf<SignalImportCli>,
  options: OptionsOf<SignalImportCli>,
  ctx: AppContext,
): Promise<void> {
  if (options.mapping === undefined)
    throw new UsageError('missing --mapping', {
      code: 'missing-flag',
      hint: `csp signal import ${dir} --mapping <file> (or a shipped mapping: --mapping ravenstack)`,
    });
  const result = await runSignalImport(
    {
      dir,
      mapping: options.mapping,
      ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
      existingOnly: options.existingOnly ?? false,
      dryRun: options.dryRun ?? false,
    },
    ctx,
  );
  const out = ctx.out;
  if (ctx.flags.json) {
    out.data({ ok: true, dryRun: options.dryRun ?? false, ...result });
    return;
  }
  const c = result.counts;
  const withoutPlan = result.accounts.filter((a) => !a.hasPlan && a.action !== 'skipped').length;
  out.result(
    `${options.dryRun ? 'would import' : 'imported'} ${result.source} signals up to ${result.asOf}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped`,
  );
  out.info(
    `rows used: ${Object.entries(result.rowsUsed)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  );
  if (withoutPlan > 0)
    out.info(`${withoutPlan} of these accounts have no CSP yet: csp status <account> shows their health`);
  for (const a of result.accounts.filter((x) => x.action === 'skipped')) out.warn(`${a.account}: skipped, ${a.reason}`);
  for (const p of result.problems.slice(0, 20)) out.warn(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`);
  if (result.problems.length > 20)
    out.warn(`... and ${result.problems.length - 20} more row problems (--json lists them all)`);
}
