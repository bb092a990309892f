/**
 * The mapping engine: turns located rows (from the CSV or sf-tree readers) into the normalised
 * model, one rule per field as the mapping says, reporting each row's problems. Pure.
 */
import { compareText } from '../domain/compare.js';
import type { OpportunityStage } from '../domain/stage.js';
import type { CrmEntityMapping, CrmFieldSpec, CrmLinkedEntityMapping, CrmMapping } from './mapping.js';
import { CrmReadError } from './read-error.js';
import type { SourceRow, SourceTable } from './source-table.js';
import type { CrmAccount, CrmExport, CrmProblem } from './types.js';
import { cleanText, parseAmount, parseCount, parseCrmDate } from './values.js';

/** The tables of one export, read but not yet mapped. */
export interface ExportTables {
  accounts: SourceTable[];
  contacts: SourceTable[];
  opportunities: SourceTable[];
  /** Lookup name -> its table. */
  lookups: Record<string, SourceTable>;
  /** Every file read, in reading order. */
  files: string[];
}

/** A field's value as text, the scale of the rule that gave it, and that rule's source label. */
interface Resolved {
  text?: string;
  scale: number;
  from?: string;
}

interface Lookup {
  table: SourceTable;
  rows: Map<string, SourceRow>;
}

/** What reading one entity's rows needs: value cleaning, aliases, lookups, and the problem list. */
interface EntityReader {
  entity: 'Account' | 'Contact' | 'Opportunity';
  absent: Set<string>;
  /** Lower-case column -> lower-case exported value -> value to use. */
  aliases: Map<string, Map<string, string>>;
  lookups: Map<string, Lookup>;
  problems: CrmProblem[];
}

/**
 * Applies the mapping to the tables: accounts first, then contacts and opportunities attached to
 * their account by id. Rows without an id are skipped (error), rows without an account are
 * skipped (warning), unknown stages, amounts and dates are dropped from a kept row (warning).
 * @throws CrmReadError when a CSV file lacks a column the mapping needs for ids or account links
 */
export function assembleExport(mapping: CrmMapping, tables: ExportTables): CrmExport {
  const problems: CrmProblem[] = [];
  const absent = new Set(['', ...(mapping.absentValues ?? ['n/a'])].map((v) => v.toLowerCase()));
  const lookups = readLookups(mapping, tables, problems);
  const readerFor = (entity: EntityReader['entity'], section: CrmEntityMapping<string>): EntityReader => ({
    entity,
    absent,
    aliases: aliasTables(section),
    lookups,
    problems,
  });

  const accounts = readAccounts(mapping, tables.accounts, readerFor('Account', mapping.accounts));
  const accountsById = new Map<string, CrmAccount>();
  const accountsByLowerId = new Map<string, CrmAccount>();
  for (const account of accounts) {
    accountsById.set(account.id, account);
    if (!accountsByLowerId.has(account.id.toLowerCase())) accountsByLowerId.set(account.id.toLowerCase(), account);
  }
  const findOwner = (id: string): CrmAccount | undefined =>
    accountsById.get(id) ?? accountsByLowerId.get(id.toLowerCase());

  if (mapping.contacts) {
    readContacts(mapping, mapping.contacts, tables.contacts, readerFor('Contact', mapping.contacts), findOwner);
  }
  if (mapping.opportunities) {
    const section = mapping.opportunities;
    readOpportunities(mapping, section, tables.opportunities, readerFor('Opportunity', section), findOwner);
  }

  problems.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  return { source: mapping.source, mapping: mapping.file, accounts, problems, files: tables.files };
}

/** The mapping's lookup tables that were read, each indexed by its cleaned, lower-case key (first row wins). */
function readLookups(mapping: CrmMapping, tables: ExportTables, problems: CrmProblem[]): Map<string, Lookup> {
  const lookups = new Map<string, Lookup>();
  for (const [name, lookup] of Object.entries(mapping.lookups ?? {})) {
    const table = tables.lookups[name];
    if (!table) continue;
    checkColumns(table, [lookup.key], lookupColumns(mapping, name), mapping, problems);
    problems.push(...table.problems);
    const rows = new Map<string, SourceRow>();
    for (const row of table.rows) {
      const key = row.get(lookup.key);
      if (typeof key === 'string' || typeof key === 'number') {
        const k = cleanText(String(key)).toLowerCase();
        if (!rows.has(k)) rows.set(k, row);
      }
    }
    lookups.set(name, { table, rows });
  }
  return lookups;
}

/** A section's value aliases: lower-case column -> cleaned lower-case exported value -> value to use. */
function aliasTables(section: CrmEntityMapping<string>): Map<string, Map<string, string>> {
  return new Map(
    Object.entries(section.aliases ?? {}).map(([column, table]) => [
      column.toLowerCase(),
      new Map(Object.entries(table).map(([from, to]) => [cleanText(from).toLowerCase(), to])),
    ]),
  );
}

/** The accounts of the account tables, in reading order; rows without a new id are reported and skipped. */
function readAccounts(mapping: CrmMapping, tables: SourceTable[], reader: EntityReader): CrmAccount[] {
  const accounts: CrmAccount[] = [];
  const seen = new Set<string>();
  const fields = mapping.accounts.fields;
  for (const table of tables) {
    checkColumns(
      table,
      requiredColumns(mapping.accounts),
      specsColumns(Object.values(fields)),
      mapping,
      reader.problems,
    );
    reader.problems.push(...table.problems);
    for (const row of table.rows) {
      const id = identify(row, fields.id, seen, reader);
      if (id === undefined) continue;
      accounts.push({
        source: mapping.source,
        id,
        name: nameOf(row, id, fields.name, reader),
        ...definedOnly({
          industry: text(row, fields.industry, reader, 'industry'),
          employees: count(row, fields.employees, reader, 'employees'),
          annualRevenueUsd: amount(row, fields.annualRevenueUsd, reader, 'annualRevenueUsd').value ?? undefined,
          region: text(row, fields.region, reader, 'region'),
          description: text(row, fields.description, reader, 'description'),
          website: text(row, fields.website, reader, 'website'),
          parent: text(row, fields.parent, reader, 'parent'),
        }),
        contacts: [],
        opportunities: [],
        ref: { file: row.file, line: row.line },
      });
      seen.add(id);
    }
  }
  return accounts;
}

/** Reads the contact tables and attaches each kept contact to its account. */
function readContacts(
  mapping: CrmMapping,
  section: NonNullable<CrmMapping['contacts']>,
  tables: SourceTable[],
  reader: EntityReader,
  findOwner: (id: string) => CrmAccount | undefined,
): void {
  for (const { row, id, account } of linkedRows(tables, section, reader, findOwner, mapping)) {
    const f = section.fields;
    account.contacts.push({
      id,
      name: nameOf(row, id, f.name, reader),
      ...definedOnly({
        firstName: text(row, f.firstName, reader, 'firstName'),
        lastName: text(row, f.lastName, reader, 'lastName'),
        title: text(row, f.title, reader, 'title'),
        email: text(row, f.email, reader, 'email'),
        phone: text(row, f.phone, reader, 'phone'),
      }),
      ref: { file: row.file, line: row.line },
    });
  }
}

/** Reads the opportunity tables and attaches each kept opportunity to its account, its stage mapped. */
function readOpportunities(
  mapping: CrmMapping,
  section: NonNullable<CrmMapping['opportunities']>,
  tables: SourceTable[],
  reader: EntityReader,
  findOwner: (id: string) => CrmAccount | undefined,
): void {
  const stages = new Map(Object.entries(section.stages).map(([raw, stage]) => [cleanText(raw).toLowerCase(), stage]));
  for (const { row, id, account } of linkedRows(tables, section, reader, findOwner, mapping)) {
    const f = section.fields;
    const rawStage = text(row, f.stage, reader, 'stage') ?? '';
    const money = amount(row, f.amountUsd, reader, 'amountUsd');
    account.opportunities.push({
      id,
      name: nameOf(row, id, f.name, reader),
      rawStage,
      stage: stageOf(row, id, rawStage, stages, mapping.file, reader),
      amountUsd: money.value,
      ...definedOnly({ amountSource: money.value === null ? undefined : money.from }),
      closeDate: date(row, f.closeDate, reader, 'closeDate'),
      engageDate: date(row, f.engageDate, reader, 'engageDate'),
      ...definedOnly({
        owner: text(row, f.owner, reader, 'owner'),
        ownerId: text(row, f.ownerId, reader, 'ownerId'),
        ownerManager: text(row, f.ownerManager, reader, 'ownerManager'),
        ownerOffice: text(row, f.ownerOffice, reader, 'ownerOffice'),
        product: text(row, f.product, reader, 'product'),
        description: text(row, f.description, reader, 'description'),
        saValidated: flag(row, f.saValidated, reader, 'saValidated'),
      }),
      ref: { file: row.file, line: row.line },
    });
  }
}

/**
 * The rows of a contact or opportunity table that have a new id and a known account, with both;
 * the others are reported and skipped.
 */
function* linkedRows(
  tables: SourceTable[],
  section: CrmLinkedEntityMapping<string>,
  reader: EntityReader,
  findOwner: (id: string) => CrmAccount | undefined,
  mapping: CrmMapping,
): Generator<{ row: SourceRow; id: string; account: CrmAccount }> {
  const seen = new Set<string>();
  for (const table of tables) {
    checkColumns(
      table,
      requiredColumns(section),
      specsColumns(Object.values(section.fields)),
      mapping,
      reader.problems,
    );
    reader.problems.push(...table.problems);
    for (const row of table.rows) {
      const id = identify(row, section.fields.id, seen, reader);
      const account = id === undefined ? undefined : owningAccount(row, id, section.account, findOwner, reader);
      if (id === undefined || !account) continue;
      seen.add(id);
      yield { row, id, account };
    }
  }
}

/** The row's id, or undefined (with an error problem) when it has none or repeats one already read. */
function identify(
  row: SourceRow,
  spec: CrmFieldSpec,
  seen: { has(id: string): boolean },
  reader: EntityReader,
): string | undefined {
  const id = resolve(row, spec, reader, 'id').text;
  if (id === undefined) {
    report(
      reader,
      row,
      'error',
      'crm-missing-id',
      `${reader.entity} row has no id (${describe(spec)} is empty); skipped the row.`,
      'Fill in the id in the CRM and export again.',
    );
    return undefined;
  }
  if (seen.has(id)) {
    report(
      reader,
      row,
      'error',
      'crm-duplicate-id',
      `${reader.entity} id "${id}" appears more than once; kept the first and skipped this row.`,
      'Remove the duplicate row or export again.',
    );
    return undefined;
  }
  return id;
}

/** The account a contact or opportunity row belongs to, or undefined (reported) when it has none or an unknown one. */
function owningAccount(
  row: SourceRow,
  id: string,
  spec: CrmFieldSpec,
  find: (id: string) => CrmAccount | undefined,
  reader: EntityReader,
): CrmAccount | undefined {
  const accountId = resolve(row, spec, reader, 'account').text;
  if (accountId === undefined) {
    report(
      reader,
      row,
      'warning',
      'crm-no-account',
      `${reader.entity} ${id} has no account (${describe(spec)} is empty); skipped the row.`,
      'Assign it to an account in the CRM to import it.',
    );
    return undefined;
  }
  const account = find(accountId);
  if (!account) {
    report(
      reader,
      row,
      'error',
      'crm-unknown-account',
      `${reader.entity} ${id} refers to account "${accountId}", which is not in the accounts file; skipped the row.`,
      'Export the accounts and their related records together.',
    );
  }
  return account;
}

function nameOf(row: SourceRow, id: string, spec: CrmFieldSpec, reader: EntityReader): string {
  const name = resolve(row, spec, reader, 'name').text;
  if (name !== undefined) return name;
  report(
    reader,
    row,
    'warning',
    'crm-missing-name',
    `${reader.entity} ${id} has no name (${describe(spec)} is empty); used the id as its name.`,
  );
  return id;
}

function stageOf(
  row: SourceRow,
  id: string,
  rawStage: string,
  stages: Map<string, OpportunityStage>,
  mappingFile: string,
  reader: EntityReader,
): OpportunityStage | null {
  const stage = stages.get(rawStage.toLowerCase());
  if (stage) return stage;
  const hint = `Add the CRM's stage under opportunities.stages in ${mappingFile}, or fix the stage in the CRM.`;
  if (rawStage === '') {
    report(reader, row, 'warning', 'crm-no-stage', `Opportunity ${id} has no stage; kept it without a stage.`, hint);
  } else {
    report(
      reader,
      row,
      'warning',
      'crm-unknown-stage',
      `Opportunity ${id} has stage "${rawStage}", which the mapping does not know; kept it without a stage.`,
      hint,
    );
  }
  return null;
}

function text(row: SourceRow, spec: CrmFieldSpec | undefined, reader: EntityReader, field: string): string | undefined {
  return spec === undefined ? undefined : resolve(row, spec, reader, field).text;
}

function count(
  row: SourceRow,
  spec: CrmFieldSpec | undefined,
  reader: EntityReader,
  field: string,
): number | undefined {
  const value = text(row, spec, reader, field);
  if (value === undefined) return undefined;
  const n = parseCount(value);
  if (n === null) {
    report(reader, row, 'warning', 'crm-bad-number', `${field} "${value}" is not a whole number; left ${field} empty.`);
    return undefined;
  }
  return n;
}

function amount(
  row: SourceRow,
  spec: CrmFieldSpec | undefined,
  reader: EntityReader,
  field: string,
): { value: number | null; from?: string } {
  if (spec === undefined) return { value: null };
  const { text: value, scale, from } = resolve(row, spec, reader, field);
  if (value === undefined) return { value: null };
  const n = parseAmount(value, scale);
  if (n === null) {
    report(
      reader,
      row,
      'warning',
      'crm-bad-amount',
      `${field} "${value}" (${from}) is not an amount; kept the ${reader.entity.toLowerCase()} without ${field}.`,
      'Amounts are plain numbers such as 1234.56.',
    );
  }
  return { value: n, from };
}

const TRUE_FLAG = /^(yes|y|true|1|x)$/i;
const FALSE_FLAG = /^(no|n|false|0)$/i;

function flag(
  row: SourceRow,
  spec: CrmFieldSpec | undefined,
  reader: EntityReader,
  field: string,
): boolean | undefined {
  const value = text(row, spec, reader, field);
  if (value === undefined) return undefined;
  if (TRUE_FLAG.test(value)) return true;
  if (FALSE_FLAG.test(value)) return false;
  report(
    reader,
    row,
    'warning',
    'crm-bad-value',
    `${field} "${value}" is not yes or no; kept the ${reader.entity.toLowerCase()} without ${field}.`,
    'Use yes/no, true/false, 1/0 or x.',
  );
  return undefined;
}

function date(row: SourceRow, spec: CrmFieldSpec | undefined, reader: EntityReader, field: string): string | null {
  const value = text(row, spec, reader, field);
  if (value === undefined) return null;
  const d = parseCrmDate(value);
  if (d === null) {
    report(
      reader,
      row,
      'warning',
      'crm-bad-date',
      `${field} "${value}" is not a valid date; kept the ${reader.entity.toLowerCase()} without ${field}.`,
      'Dates are YYYY-MM-DD or ISO date-times such as 2021-01-19T00:30:44Z.',
    );
  }
  return d;
}

/** Applies one field rule (and its fallbacks) to a row. */
function resolve(row: SourceRow, spec: CrmFieldSpec, reader: EntityReader, field: string): Resolved {
  const rule = typeof spec === 'string' ? { column: spec } : spec;
  const scale = rule.scale ?? 1;
  let result: Resolved;
  if (rule.lookup !== undefined) {
    result = lookup(row, rule.lookup, rule.key ?? '', rule.column ?? '', scale, reader, field);
  } else if (rule.template !== undefined) {
    const filled = rule.template.replace(/\{([^{}]+)\}/g, (_, name: string) =>
      name === '#' ? String(row.position) : (column(row, name, reader, field) ?? ''),
    );
    result = { text: present(filled, reader), scale, from: 'template' };
  } else {
    result = { text: column(row, rule.column ?? '', reader, field), scale, from: rule.column };
  }
  if (result.text !== undefined && rule.stripPrefix && result.text.startsWith(rule.stripPrefix)) {
    result = { ...result, text: present(result.text.slice(rule.stripPrefix.length), reader) };
  }
  if (result.text === undefined && rule.fallback !== undefined) return resolve(row, rule.fallback, reader, field);
  return result;
}

function lookup(
  row: SourceRow,
  name: string,
  key: string,
  wanted: string,
  scale: number,
  reader: EntityReader,
  field: string,
): Resolved {
  const table = reader.lookups.get(name);
  const keyValue = column(row, key, reader, field);
  if (!table || keyValue === undefined) return { scale };
  const hit = table.rows.get(keyValue.toLowerCase());
  if (!hit) {
    report(
      reader,
      row,
      'warning',
      'crm-unknown-lookup',
      `${key} "${keyValue}" is not in ${table.table.file}; left ${field} empty.`,
      `Add it to ${table.table.file}, or an alias for it to the mapping.`,
    );
    return { scale };
  }
  return { text: column(hit, wanted, reader, field, NO_ALIASES), scale, from: `${name}.${wanted}` };
}

const NO_ALIASES: EntityReader['aliases'] = new Map();

/** A column's value, cleaned, with "absent" values as undefined and the entity's aliases applied. */
function column(
  row: SourceRow,
  name: string,
  reader: EntityReader,
  field: string,
  aliases = reader.aliases,
): string | undefined {
  const raw = row.get(name);
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'object') {
    report(
      reader,
      row,
      'warning',
      'crm-bad-value',
      `${name} holds ${Array.isArray(raw) ? 'a list' : 'an object'}, not a value; left ${field} empty.`,
      `Map ${field} to a nested field such as ${name}.<field>.`,
    );
    return undefined;
  }
  const value = present(String(raw), reader);
  if (value === undefined) return undefined;
  return aliases.get(name.toLowerCase())?.get(value.toLowerCase()) ?? value;
}

function present(raw: string, reader: EntityReader): string | undefined {
  const value = cleanText(raw);
  return reader.absent.has(value.toLowerCase()) ? undefined : value;
}

function report(
  reader: EntityReader,
  row: SourceRow,
  severity: CrmProblem['severity'],
  code: string,
  message: string,
  hint?: string,
): void {
  reader.problems.push({ file: row.file, line: row.line, severity, code, message, ...definedOnly({ hint }) });
}

function describe(spec: CrmFieldSpec): string {
  if (typeof spec === 'string') return `column ${spec}`;
  if (spec.lookup !== undefined) return `lookup ${spec.lookup}.${spec.column}`;
  return spec.column !== undefined ? `column ${spec.column}` : `template "${spec.template}"`;
}

/** The columns a field rule reads from its own row (lookup tables' columns excluded). */
function specColumns(spec: CrmFieldSpec | undefined): string[] {
  if (spec === undefined) return [];
  if (typeof spec === 'string') return [spec];
  const own =
    spec.lookup !== undefined
      ? [spec.key ?? '']
      : spec.column !== undefined
        ? [spec.column]
        : [...(spec.template ?? '').matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]).filter((name) => name !== '#');
  return [...own, ...specColumns(spec.fallback)];
}

/** The columns of lookup table `name` that the mapping's lookup rules read. */
function lookupColumns(mapping: CrmMapping, name: string): string[] {
  const sections = [mapping.accounts, mapping.contacts, mapping.opportunities];
  const rules = sections.flatMap((section) =>
    section ? Object.values(section.fields as Record<string, CrmFieldSpec | undefined>) : [],
  );
  const wanted = (spec: CrmFieldSpec | undefined): string[] =>
    spec === undefined || typeof spec === 'string'
      ? []
      : [...(spec.lookup === name && spec.column ? [spec.column] : []), ...wanted(spec.fallback)];
  return rules.flatMap(wanted);
}

/** The columns an entity's CSV file must have: those giving its id and its account link. */
export function requiredColumns(section: CrmEntityMapping<string> & { account?: CrmFieldSpec }): string[] {
  return [...specColumns(section.fields.id), ...specColumns(section.account)];
}

function specsColumns(specs: Array<CrmFieldSpec | undefined>): string[] {
  return specs.flatMap(specColumns);
}

/**
 * Checks a CSV header against the columns the mapping reads: a missing id/link column is fatal, any
 * other missing column is one warning for the file. JSON tables (no header) are not checked.
 */
function checkColumns(
  table: SourceTable,
  required: string[],
  used: string[],
  mapping: CrmMapping,
  problems: CrmProblem[],
): void {
  if (!table.columns) return;
  const have = new Set(table.columns.map((c) => c.toLowerCase()));
  const missing = (names: string[]): string[] => [...new Set(names)].filter((n) => !have.has(n.toLowerCase()));
  const fatal = missing(required);
  if (fatal.length > 0) {
    throw new CrmReadError(
      `${table.file} has no column ${fatal.map((c) => `"${c}"`).join(', ')}, which mapping ${mapping.file} needs for ids and account links.`,
      {
        file: table.file,
        line: 1,
        hint: `Check that this is a ${mapping.source} export, or pass a mapping that fits its header (${table.columns.join(', ')}).`,
      },
    );
  }
  for (const name of missing(used)) {
    problems.push({
      file: table.file,
      line: 1,
      severity: 'warning',
      code: 'crm-missing-column',
      message: `The header has no column "${name}", which mapping ${mapping.file} reads; that field is left empty on every row.`,
      hint: 'Export the column too, or remove it from the mapping.',
    });
  }
}

/** The object without its undefined properties, so optional fields are absent rather than undefined. */
function definedOnly<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
