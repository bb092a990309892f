/**
 * A CRM's Users export, and the owners it names (issue 15: `csp import --users`). Salesforce
 * exports an opportunity's owner as OwnerId (005...); the name comes from the org's Users, exported
 * with `sf data query --query "SELECT Id, Name FROM User" --result-format csv` (or Data Loader, or
 * a Users report): a CSV with an Id column and a Name column (or FirstName and LastName), or the
 * JSON of `sf data query --json` / `sf data tree export` (records with Id and Name). Pure.
 */
import { readCsvTable } from './csv-table.js';
import { CrmReadError } from './read-error.js';
import type { CrmExport, CrmProblem } from './types.js';
import { compareText } from '../domain/compare.js';
import { cleanText } from './values.js';

/** The users of a Users export: id -> name (Salesforce ids by their first 15 characters, case kept). */
export interface CrmUsers {
  file: string;
  names: Map<string, string>;
}

/** The key a user id is matched by: Salesforce's 18-character id is its 15-character id plus a checksum. */
const idKey = (id: string): string => {
  const t = id.trim();
  return /^[a-zA-Z0-9]{18}$/.test(t) ? t.slice(0, 15) : t;
};

/** The value of a record's field, its name matched ignoring case. */
function field(record: Record<string, unknown>, name: string): string | undefined {
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : record[key];
  return typeof value === 'string' || typeof value === 'number' ? cleanText(String(value)) || undefined : undefined;
}

/**
 * Reads a Users export: CSV (header with Id and Name, or FirstName and LastName) or JSON (an array
 * of records, or {records: [...]}, or {result: {records: [...]}}).
 * @param file the file's path, for messages
 * @throws CrmReadError when it is neither, or has no Id and name columns
 */
export function parseUsersExport(file: string, text: string): CrmUsers {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  let records: Array<Record<string, unknown>>;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (cause) {
      throw new CrmReadError(`${file} is not valid JSON: ${(cause as Error).message}`, {
        file,
        line: 1,
        hint: 'Export the users again (sf data query --query "SELECT Id, Name FROM User" --result-format csv).',
        cause,
      });
    }
    const obj = data as { records?: unknown; result?: { records?: unknown } };
    const list = Array.isArray(data)
      ? data
      : Array.isArray(obj?.records)
        ? obj.records
        : Array.isArray(obj?.result?.records)
          ? obj.result.records
          : undefined;
    if (!list)
      throw new CrmReadError(`${file} holds no list of user records`, {
        file,
        line: 1,
        hint: 'Pass a Users export: a CSV with Id and Name columns, or the JSON of sf data query --json.',
      });
    records = list.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
  } else {
    const table = readCsvTable(file, text);
    const columns = table.columns ?? [];
    const has = (name: string) => columns.some((c) => c.toLowerCase() === name.toLowerCase());
    if (!has('Id') || !(has('Name') || (has('FirstName') && has('LastName')))) {
      throw new CrmReadError(`${file} has no Id and Name columns (it has ${columns.join(', ') || 'none'})`, {
        file,
        line: 1,
        hint: 'Export the users with their Id and Name: sf data query --query "SELECT Id, Name FROM User" --result-format csv > users.csv',
      });
    }
    records = table.rows.map((r) => Object.fromEntries(columns.map((c) => [c, r.get(c)])));
  }
  const names = new Map<string, string>();
  for (const record of records) {
    const id = field(record, 'Id');
    const name =
      field(record, 'Name') ??
      ([field(record, 'FirstName'), field(record, 'LastName')].filter(Boolean).join(' ') || undefined);
    if (id && name) names.set(idKey(id), name);
  }
  return { file, names };
}

/**
 * The export with each opportunity that has an owner id but no owner name given the name its
 * Users export holds; an id the Users export does not know is a crm-unknown-owner warning on the
 * opportunity's row (the owner stays empty). The export is not changed.
 */
export function resolveOwnerIds(exp: CrmExport, users: CrmUsers): CrmExport {
  const problems: CrmProblem[] = [];
  const accounts = exp.accounts.map((account) => ({
    ...account,
    opportunities: account.opportunities.map((o) => {
      if (o.owner || !o.ownerId) return o;
      const name = users.names.get(idKey(o.ownerId));
      if (name) return { ...o, owner: name };
      problems.push({
        file: o.ref.file,
        line: o.ref.line,
        severity: 'warning',
        code: 'crm-unknown-owner',
        message: `Opportunity ${o.id}'s owner ${o.ownerId} is not in ${users.file}; its owner is left empty.`,
        hint: 'Export the users again (all of them, inactive ones too), or pass --owner.',
      });
      return o;
    }),
  }));
  return {
    ...exp,
    accounts,
    problems: [...exp.problems, ...problems].sort((a, b) => compareText(a.file, b.file) || a.line - b.line),
  };
}
