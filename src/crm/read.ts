/**
 * The file-reading edge of the CRM layer: finds an export's files, picks its mapping (given, or
 * detected from the file names and CSV headers), reads the files and hands them to the pure parsers.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { requiredColumns } from './assemble.js';
import { readCsvHeader } from './csv-table.js';
import { loadCrmMapping, type CrmMapping } from './mapping.js';
import { exportFileNames, parseCrmExport, type ExportFileNames } from './parse.js';
import { CrmReadError } from './read-error.js';
import { SHIPPED_MAPPING_DIR } from './shipped-files.js';
import { readDataPlan, type DataPlanEntry } from './tree-table.js';
import type { CrmExport } from './types.js';
import { parseUsersExport, type CrmUsers } from './users.js';

/** How to read an export: a shipped source name or a mapping file; neither means detect. */
export interface ReadCrmOptions {
  /** A shipped mapping's name: salesforce, salesforce-csv, maven (playbooks/crm/<source>.yaml). */
  source?: string;
  /** Path of a mapping file; wins over source. */
  mappingFile?: string;
}

/**
 * Reads a CRM export from disk.
 * @param path the export folder, or any file in it (data-plan.json, Accounts.json, accounts.csv...)
 * @returns the normalised export; row problems are in `problems`, never thrown
 * @throws CrmReadError when the path or a file is missing or unreadable, the format cannot be told
 *   (or matches several shipped mappings equally), the mapping is invalid, or a file is not valid JSON/CSV
 */
export function readCrmExport(path: string, options: ReadCrmOptions = {}): CrmExport {
  const { dir, given } = locate(path);
  const listing = listFiles(dir);
  const mapping =
    options.mappingFile !== undefined
      ? loadMappingFile(options.mappingFile)
      : options.source !== undefined
        ? loadShippedMapping(options.source)
        : detectMapping(dir, listing, given);
  const { planName, plan } = readPlan(mapping, dir, listing, { lenient: false });
  const wanted = [...(planName ? [planName] : []), ...allNames(exportFileNames(mapping, plan))];
  const files: Record<string, string> = {};
  for (const name of new Set(wanted)) {
    const actual = findName(listing, name);
    if (actual === undefined) {
      throw new CrmReadError(`${join(dir, name)} is missing: the ${mapping.source} export needs it.`, {
        file: join(dir, name),
        hint: `Export ${name} too, or pass --crm-source / a mapping that matches the files in ${dir}.`,
      });
    }
    const file = join(dir, actual);
    files[file] = readText(file);
  }
  return parseCrmExport(files, mapping);
}

/**
 * Reads a CRM Users export (users.ts parseUsersExport: CSV or JSON with Id and Name) from disk;
 * `display` names it in messages.
 * @throws CrmReadError when the file cannot be read or has no Id / Name
 */
export function readUsersExport(path: string, display = path): CrmUsers {
  return parseUsersExport(display, readText(path));
}

/**
 * The names of the shipped mappings (playbooks/crm/*.yaml), sorted: what `source` accepts.
 * @throws CrmReadError when the shipped folder cannot be read (a broken install)
 */
export function listCrmSources(): string[] {
  try {
    return readdirSync(SHIPPED_MAPPING_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.slice(0, -'.yaml'.length))
      .sort();
  } catch (cause) {
    throw new CrmReadError(`The shipped CRM mappings cannot be read from ${SHIPPED_MAPPING_DIR}.`, {
      file: SHIPPED_MAPPING_DIR,
      hint: 'Reinstall csp.',
      cause,
    });
  }
}

/**
 * Loads a shipped mapping by source name.
 * @throws CrmReadError for an unknown source (the message lists the known ones) or an invalid mapping
 */
export function loadShippedMapping(source: string): CrmMapping {
  const sources = listCrmSources();
  if (!sources.includes(source)) {
    throw new CrmReadError(`Unknown CRM source "${source}".`, {
      file: join(SHIPPED_MAPPING_DIR, `${source}.yaml`),
      hint: `Use one of ${sources.join(', ')}, or pass a mapping file of your own.`,
    });
  }
  return loadMappingFile(join(SHIPPED_MAPPING_DIR, `${source}.yaml`));
}

function loadMappingFile(file: string): CrmMapping {
  return loadCrmMapping(readText(file), file);
}

function locate(path: string): { dir: string; given?: string } {
  try {
    return statSync(path).isDirectory() ? { dir: path } : { dir: dirname(path), given: basename(path) };
  } catch (cause) {
    throw new CrmReadError(`${path} does not exist or cannot be read.`, {
      file: path,
      hint: 'Pass the CRM export folder, or one of its files (data-plan.json, Accounts.json, accounts.csv).',
      cause,
    });
  }
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name);
  } catch (cause) {
    throw new CrmReadError(`The folder ${dir} cannot be read.`, {
      file: dir,
      hint: 'Check the path and its permissions.',
      cause,
    });
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new CrmReadError(`${file} cannot be read: ${(cause as Error).message}`, {
      file,
      hint: 'Check that the file exists and is readable.',
      cause,
    });
  }
}

/** The listing's name equal to `name` ignoring case (exact match preferred). */
function findName(listing: string[], name: string): string | undefined {
  return listing.includes(name) ? name : listing.find((f) => f.toLowerCase() === name.toLowerCase());
}

/** The sf-tree data plan, when the mapping has one and the folder holds it. Lenient: a broken plan counts as none. */
function readPlan(
  mapping: CrmMapping,
  dir: string,
  listing: string[],
  { lenient }: { lenient: boolean },
): { planName?: string; plan?: DataPlanEntry[] } {
  const planName =
    mapping.format === 'sf-tree' && mapping.plan !== undefined ? findName(listing, mapping.plan) : undefined;
  if (planName === undefined) return {};
  const file = join(dir, planName);
  try {
    return { planName, plan: readDataPlan(file, readText(file)) };
  } catch (error) {
    // NOTE: during detection a broken plan must not hide the export's format; the real read reports it.
    if (lenient) return { planName };
    throw error;
  }
}

/** Picks the shipped mapping whose files are all in the folder (and whose CSV headers fit); ties go to the higher priority. */
function detectMapping(dir: string, listing: string[], given?: string): CrmMapping {
  const mappings = listCrmSources().map(loadShippedMapping);
  const matches = mappings.filter((m) => fits(m, dir, listing, given));
  const best = Math.max(...matches.map((m) => m.priority ?? 0));
  const top = matches.filter((m) => (m.priority ?? 0) === best);
  if (top.length === 1) return top[0];
  const expected = mappings.map((m) => `${m.source} (${allNames(exportFileNames(m)).join(', ')})`).join('; ');
  if (top.length === 0) {
    throw new CrmReadError(`Cannot tell which CRM export ${given ? join(dir, given) : dir} is.`, {
      file: given ? join(dir, given) : dir,
      hint: `Known exports and their files: ${expected}. Pass --crm-source, or a mapping file for another CRM.`,
    });
  }
  throw new CrmReadError(`${dir} matches several CRM exports: ${top.map((m) => m.source).join(', ')}.`, {
    file: dir,
    hint: `Pass --crm-source ${top.map((m) => m.source).join(' or ')}.`,
  });
}

/** True when the folder looks like this mapping's export (see detectMapping). */
function fits(mapping: CrmMapping, dir: string, listing: string[], given?: string): boolean {
  const { planName, plan } = readPlan(mapping, dir, listing, { lenient: true });
  const names = exportFileNames(mapping, plan);
  const all = allNames(names);
  if (all.length === 0 || !all.every((name) => findName(listing, name) !== undefined)) return false;
  if (
    given !== undefined &&
    ![...all, ...(planName ? [planName] : [])].some((name) => name.toLowerCase() === given.toLowerCase())
  )
    return false;
  if (mapping.format !== 'csv') return true;
  const sections = [
    [mapping.accounts, names.accounts],
    [mapping.contacts, names.contacts],
    [mapping.opportunities, names.opportunities],
  ] as const;
  return sections.every(([section, files]) => {
    if (!section) return true;
    const required = requiredColumns(section).map((c) => c.toLowerCase());
    return files.every((name) => {
      const header = readCsvHeader(readText(join(dir, findName(listing, name) ?? name))).map((c) => c.toLowerCase());
      return required.every((c) => header.includes(c));
    });
  });
}

/** Every file an export is read from, plan excluded. */
function allNames(names: ExportFileNames): string[] {
  return [...names.accounts, ...names.contacts, ...names.opportunities, ...Object.values(names.lookups)];
}
