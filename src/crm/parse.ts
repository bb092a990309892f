/** The pure parsers: an export's file texts plus its mapping in, a CrmExport out. No file system. */
import { basename } from 'node:path';
import { assembleExport, type ExportTables } from './assemble.js';
import { readCsvTable } from './csv-table.js';
import type { CrmMapping } from './mapping.js';
import { CrmReadError } from './read-error.js';
import type { SourceTable } from './source-table.js';
import { readDataPlan, readTreeRecords, type DataPlanEntry } from './tree-table.js';
import type { CrmExport } from './types.js';

/** File names (inside the export folder) an export is read from, by role. */
export interface ExportFileNames {
  accounts: string[];
  contacts: string[];
  opportunities: string[];
  /** Lookup name -> file name. */
  lookups: Record<string, string>;
}

/**
 * The files a mapping reads. With an sf-tree data plan, each entity's files are those of the plan
 * entry for its `sobject` (none when the plan has no such entry); otherwise the mapping's `file`.
 */
export function exportFileNames(mapping: CrmMapping, plan?: DataPlanEntry[]): ExportFileNames {
  const filesOf = (section?: { file: string; sobject?: string }): string[] => {
    if (!section) return [];
    if (!plan || section.sobject === undefined) return [section.file];
    const sobject = section.sobject.toLowerCase();
    return plan.find((entry) => entry.sobject.toLowerCase() === sobject)?.files ?? [];
  };
  return {
    accounts: filesOf(mapping.accounts),
    contacts: filesOf(mapping.contacts),
    opportunities: filesOf(mapping.opportunities),
    lookups: Object.fromEntries(Object.entries(mapping.lookups ?? {}).map(([name, lookup]) => [name, lookup.file])),
  };
}

/**
 * Parses a Salesforce `sf data tree` export.
 * @param files file path -> text; files are found by base name, ignoring case (data-plan.json, Accounts.json...)
 * @param mapping a mapping with format sf-tree
 * @returns accounts with their contacts and opportunities, and every row's problems
 * @throws CrmReadError for a missing file, a file that is not JSON or not a tree export, or a mapping of another format
 */
export function parseSalesforceTree(files: Record<string, string>, mapping: CrmMapping): CrmExport {
  requireFormat(mapping, 'sf-tree');
  const planFile = mapping.plan === undefined ? undefined : findFile(files, mapping.plan);
  const plan = planFile === undefined ? undefined : readDataPlan(planFile, files[planFile]);
  return assembleExport(mapping, readTables(files, mapping, exportFileNames(mapping, plan), readTreeRecords, planFile));
}

/**
 * Parses a CSV export (a Salesforce CSV report, Maven, or any CRM with a csv mapping).
 * @param files file path -> text; files are found by base name, ignoring case
 * @param mapping a mapping with format csv
 * @returns accounts with their contacts and opportunities, and every row's problems
 * @throws CrmReadError for a missing file, a CSV syntax error, a missing id/link column, or a mapping of another format
 */
export function parseCsvExport(files: Record<string, string>, mapping: CrmMapping): CrmExport {
  requireFormat(mapping, 'csv');
  return assembleExport(mapping, readTables(files, mapping, exportFileNames(mapping), readCsvTable));
}

/**
 * Parses an export with whichever parser the mapping's format calls for.
 * @throws CrmReadError as parseSalesforceTree and parseCsvExport do
 */
export function parseCrmExport(files: Record<string, string>, mapping: CrmMapping): CrmExport {
  return mapping.format === 'sf-tree' ? parseSalesforceTree(files, mapping) : parseCsvExport(files, mapping);
}

function readTables(
  files: Record<string, string>,
  mapping: CrmMapping,
  names: ExportFileNames,
  read: (file: string, text: string) => SourceTable,
  planFile?: string,
): ExportTables {
  if (names.accounts.length === 0) {
    throw new CrmReadError(`The data plan names no files for ${mapping.accounts.sobject ?? 'accounts'}.`, {
      file: planFile ?? mapping.file,
      hint: `Add an entry for ${mapping.accounts.sobject ?? 'accounts'} to the data plan, or export again.`,
    });
  }
  const table = (name: string): SourceTable => {
    const file = findFile(files, name);
    if (file === undefined) {
      throw new CrmReadError(`${name} is missing: mapping ${mapping.file} reads it.`, {
        file: name,
        hint: `Put ${name} beside the other files of the ${mapping.source} export, or pass a mapping that does not need it.`,
      });
    }
    return read(file, files[file]);
  };
  const tables: ExportTables = {
    accounts: names.accounts.map(table),
    contacts: names.contacts.map(table),
    opportunities: names.opportunities.map(table),
    lookups: Object.fromEntries(Object.entries(names.lookups).map(([name, file]) => [name, table(file)])),
    files: [],
  };
  const all = [tables.accounts, tables.contacts, tables.opportunities, Object.values(tables.lookups)]
    .flat()
    .map((t) => t.file);
  tables.files = [...(planFile === undefined ? [] : [planFile]), ...new Set(all)];
  return tables;
}

/** The key of `files` whose base name is `name`, ignoring case. */
function findFile(files: Record<string, string>, name: string): string | undefined {
  const wanted = basename(name).toLowerCase();
  return Object.keys(files).find((file) => basename(file).toLowerCase() === wanted);
}

function requireFormat(mapping: CrmMapping, format: CrmMapping['format']): void {
  if (mapping.format !== format) {
    throw new CrmReadError(`Mapping ${mapping.file} is for ${mapping.format} files, not ${format}.`, {
      file: mapping.file,
      hint: 'Call parseCrmExport, which picks the parser from the mapping.',
    });
  }
}
