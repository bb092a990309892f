/**
 * `csp signal import`: usage, support and billing tables turned into dated health signals per
 * account, by a mapping that is data (playbooks/signal-mappings/*.yaml,
 * schemas/signal_mapping.schema.json).
 *
 * 1. Accounts come from the accounts table: id, slug (a column made a slug), name, sign-up date.
 * 2. Every row of the other tables is tied to an account: by its account column, or through
 *    another table (feature usage -> its subscription -> the account).
 * 3. Rows are grouped by calendar month or quarter. An event table's row belongs to the period
 *    of its date; a state table's row (a subscription) counts for a period while it is active on
 *    the period's last day.
 * 4. Each signal is one aggregate (count, sum, mean, min, max, count_distinct, latest) over the
 *    account's rows of the period, and keeps the ids (or line numbers) of those rows as evidence.
 * Periods run from the account's sign-up (or first row) to the as-of date (default: the newest
 * date in the data); the last one may be partial and says so in period_days.
 * Pure: tables in, signal entries out.
 */
import type { SourceRow, SourceTable } from '../crm/source-table.js';
import { parseCrmDate } from '../crm/values.js';
import { addDaysIso, addMonthsIso, daysBetween, isIsoDate, toDate, toIso, type IsoDate } from '../domain/dates.js';
import { toPointer, type RawIssue } from '../domain/issue.js';
import { slugProblem, slugify } from '../domain/slug.js';
import type { SignalMapping } from '../domain/types.gen.js';
import { isSignalName, SIGNALS, type SignalEntry, type SignalValue } from './signals.js';
import { compareText } from '../domain/compare.js';

export type { SignalMapping } from '../domain/types.gen.js';

/** A problem with one row or one account, located by file and line. */
export interface ImportProblem {
  file: string;
  line?: number;
  message: string;
}

/** One account's signals from an import. */
export interface ImportedAccount {
  slug: string;
  name?: string;
  externalId: string;
  entries: SignalEntry[];
}

/** What an import computed. */
export interface ImportResult {
  asOf: IsoDate;
  accounts: ImportedAccount[];
  problems: ImportProblem[];
  /** Rows used per table. */
  rowsUsed: Record<string, number>;
}

/** Checks a mapping beyond its schema: tables named once, every reference to a known table, columns where an aggregate needs one. */
export function checkSignalMapping(mapping: SignalMapping): RawIssue[] {
  const out: RawIssue[] = [];
  const push = (path: Array<string | number>, message: string) =>
    out.push({
      code: 'signal-mapping',
      severity: 'error',
      path: toPointer(path),
      message,
      source: 'schemas/signal_mapping.schema.json',
    });
  const names = mapping.tables.map((t) => t.name);
  mapping.tables.forEach((t, i) => {
    if (names.indexOf(t.name) !== i) push(['tables', i, 'name'], `table ${t.name} is listed twice`);
    if ((t.account === undefined) === (t.via === undefined))
      push(
        ['tables', i],
        `table ${t.name} needs exactly one of account (its account column) or via (a table that has one)`,
      );
    if (t.via && !mapping.tables.some((o) => o.name === t.via!.table && o.account !== undefined && o.id !== undefined))
      push(
        ['tables', i, 'via'],
        `table ${t.name} goes via ${t.via.table}, which must be a table with an id and an account column`,
      );
    if (t.date !== undefined && t.start !== undefined)
      push(['tables', i], `table ${t.name} has both date (events) and start (states): choose one`);
    if (t.end !== undefined && t.start === undefined)
      push(['tables', i, 'end'], `table ${t.name} has an end column but no start column`);
  });
  for (const [signal, spec] of Object.entries(mapping.signals)) {
    if (!names.includes(spec.table))
      push(['signals', signal, 'table'], `signal ${signal} reads table ${spec.table}, which is not under tables`);
    if (spec.aggregate !== 'count' && spec.column === undefined)
      push(['signals', signal], `signal ${signal}: the ${spec.aggregate} aggregate needs a column`);
    if (!isSignalName(signal)) push(['signals', signal], `${signal} is not a signal of health_signals.yaml`);
  }
  return out;
}

/** A row tied to an account, with its date or active span. */
interface TiedRow {
  row: SourceRow;
  account: string;
  date?: IsoDate;
  start?: IsoDate;
  end?: IsoDate | null;
}

const text = (row: SourceRow, column: string | undefined): string =>
  column === undefined ? '' : String(row.get(column) ?? '').trim();

/** An account of the accounts table. */
interface AccountRow {
  slug: string;
  name?: string;
  since?: IsoDate;
  line: number;
}

/** A table of the mapping as `importSignals` reads it; throws RangeError when it was not read. */
function tableOf(tables: ReadonlyMap<string, SourceTable>, file: string): SourceTable {
  const t = tables.get(file);
  if (!t) throw new RangeError(`table ${file} was not read`);
  return t;
}

/** Step 1: the accounts by id, and the rows skipped (no id, listed twice, a bad or taken slug). */
function readAccounts(
  mapping: SignalMapping,
  accountsTable: SourceTable,
): { accounts: Map<string, AccountRow>; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const accounts = new Map<string, AccountRow>();
  const slugs = new Map<string, string>();
  for (const row of accountsTable.rows) {
    const id = text(row, mapping.accounts.id);
    const slug = slugify(text(row, mapping.accounts.slug) || id);
    const where = { file: row.file, line: row.line };
    if (!id) problems.push({ ...where, message: `no account id in column ${mapping.accounts.id}; row skipped` });
    else if (accounts.has(id))
      problems.push({ ...where, message: `account ${id} is listed twice; the second row is skipped` });
    else if (slugProblem(slug)) problems.push({ ...where, message: `account ${id}: ${slugProblem(slug)}` });
    else if (slugs.has(slug))
      problems.push({
        ...where,
        message: `account ${id} would be named ${slug}, like account ${slugs.get(slug)}; row skipped`,
      });
    else {
      const since = mapping.accounts.since ? (parseCrmDate(text(row, mapping.accounts.since)) ?? undefined) : undefined;
      accounts.set(id, {
        slug,
        name: mapping.accounts.name ? text(row, mapping.accounts.name) || undefined : undefined,
        since,
        line: row.line,
      });
      slugs.set(slug, id);
    }
  }
  return { accounts, problems };
}

type TableSpec = SignalMapping['tables'][number];

/** The account a row belongs to (by its column, or through another table's row), or why it has none. */
function rowAccount(
  mapping: SignalMapping,
  spec: TableSpec,
  row: SourceRow,
  accounts: ReadonlyMap<string, AccountRow>,
  accountOfRow: ReadonlyMap<string, ReadonlyMap<string, string>>,
): string | { problem: string } {
  let account: string | undefined;
  if (spec.account !== undefined) account = text(row, spec.account);
  else {
    const key = text(row, spec.via!.key);
    account = accountOfRow.get(spec.via!.table)?.get(key);
    if (account === undefined)
      return { problem: `${spec.via!.key} ${key || '(empty)'} is not a row of ${spec.via!.table}; row skipped` };
  }
  if (!account || !accounts.has(account))
    return { problem: `account ${account || '(empty)'} is not in ${mapping.accounts.file}; row skipped` };
  return account;
}

/** A row's date (event tables) or active span (state tables), or why they cannot be read. */
function rowDates(spec: TableSpec, row: SourceRow): Pick<TiedRow, 'date' | 'start' | 'end'> | { problem: string } {
  if (spec.date !== undefined) {
    const date = parseCrmDate(text(row, spec.date));
    if (!date) return { problem: `${spec.date} "${text(row, spec.date)}" is not a date; row skipped` };
    return { date };
  }
  if (spec.start !== undefined) {
    const start = parseCrmDate(text(row, spec.start));
    const endText = text(row, spec.end);
    const end = endText === '' ? null : parseCrmDate(endText);
    if (!start || end === undefined)
      return { problem: `the dates of this ${spec.name} row cannot be read; row skipped` };
    return { start, end };
  }
  return {};
}

/** Step 2 for one table: its rows tied to accounts, its row ids' accounts, and the rows skipped. */
function tieTable(
  mapping: SignalMapping,
  spec: TableSpec,
  src: SourceTable,
  accounts: ReadonlyMap<string, AccountRow>,
  accountOfRow: ReadonlyMap<string, ReadonlyMap<string, string>>,
): { rows: TiedRow[]; ids: Map<string, string>; problems: ImportProblem[] } {
  const rows: TiedRow[] = [];
  const ids = new Map<string, string>();
  const problems: ImportProblem[] = [];
  for (const row of src.rows) {
    const where = { file: row.file, line: row.line };
    const account = rowAccount(mapping, spec, row, accounts, accountOfRow);
    if (typeof account !== 'string') {
      problems.push({ ...where, message: account.problem });
      continue;
    }
    if (spec.id !== undefined) ids.set(text(row, spec.id), account);
    const dates = rowDates(spec, row);
    if ('problem' in dates) {
      problems.push({ ...where, message: dates.problem });
      continue;
    }
    rows.push({ row, account, ...dates });
  }
  return { rows, ids, problems };
}

/** Step 2: every table's rows tied to accounts (tables read via another after it), duplicate ids, the newest date. */
function tieTables(
  mapping: SignalMapping,
  tables: ReadonlyMap<string, SourceTable>,
  accounts: ReadonlyMap<string, AccountRow>,
): {
  tied: Map<string, TiedRow[]>;
  duplicates: Map<string, Set<string>>;
  newest: IsoDate | undefined;
  problems: ImportProblem[];
} {
  const tied = new Map<string, TiedRow[]>();
  const duplicates = new Map<string, Set<string>>();
  const accountOfRow = new Map<string, Map<string, string>>();
  const problems: ImportProblem[] = [];
  const ordered = [...mapping.tables].sort((a, b) => Number(a.via !== undefined) - Number(b.via !== undefined));
  let newest: IsoDate | undefined;
  for (const spec of ordered) {
    const src = tableOf(tables, spec.file);
    const { rows, ids, problems: skipped } = tieTable(mapping, spec, src, accounts, accountOfRow);
    problems.push(...skipped);
    for (const { date } of rows) if (date !== undefined && (!newest || date > newest)) newest = date;
    tied.set(spec.name, rows);
    accountOfRow.set(spec.name, ids);
    if (spec.id !== undefined) duplicates.set(spec.name, duplicateIds(src, spec.id, problems));
  }
  return { tied, duplicates, newest, problems };
}

/** The tied rows by account, then by table name. */
function byAccountAndTable(tied: ReadonlyMap<string, TiedRow[]>): Map<string, Map<string, TiedRow[]>> {
  const byAccount = new Map<string, Map<string, TiedRow[]>>();
  for (const [name, rows] of tied) {
    for (const r of rows) {
      let m = byAccount.get(r.account);
      if (!m) byAccount.set(r.account, (m = new Map()));
      let list = m.get(name);
      if (!list) m.set(name, (list = []));
      list.push(r);
    }
  }
  return byAccount;
}

/**
 * Steps 3-4 for one account: an entry per period from its sign-up (or first row) to `asOf`.
 * Records the rows it uses in `used`.
 */
function accountSignals(
  mapping: SignalMapping,
  account: AccountRow,
  rowsOf: Map<string, TiedRow[]>,
  asOf: IsoDate,
  used: Map<string, Set<SourceRow>>,
  duplicates: Map<string, Set<string>>,
): SignalEntry[] {
  const dates = [...rowsOf.values()]
    .flat()
    .map((r) => r.date ?? r.start)
    .filter((d): d is IsoDate => d !== undefined && d <= asOf);
  const first = [account.since, ...dates].filter((d): d is IsoDate => d !== undefined && d <= asOf).sort()[0];
  const entries: SignalEntry[] = [];
  if (first === undefined) return entries;
  for (let start = periodStart(first, mapping.period); start <= asOf; start = nextPeriod(start, mapping.period)) {
    const end = [lastDay(start, mapping.period), asOf].sort()[0];
    const entry = periodEntry(mapping, rowsOf, start, end, used, duplicates);
    if (entry) entries.push(entry);
  }
  return entries;
}

/**
 * Runs a mapping over tables (by file name as the mapping writes it). Rows that cannot be used
 * (no account, a bad date, an unknown account) are reported and left out; the rest goes on.
 */
export function importSignals(
  mapping: SignalMapping,
  tables: ReadonlyMap<string, SourceTable>,
  options: { asOf?: IsoDate } = {},
): ImportResult {
  const read = [...tables.values()].flatMap((t) =>
    t.problems.map((p) => ({ file: p.file, line: p.line, message: p.message })),
  );
  const { accounts, problems: skippedAccounts } = readAccounts(mapping, tableOf(tables, mapping.accounts.file));
  const { tied, duplicates, newest, problems: skippedRows } = tieTables(mapping, tables, accounts);
  const problems: ImportProblem[] = [...read, ...skippedAccounts, ...skippedRows];
  const asOf = options.asOf ?? newest;
  if (!asOf || !isIsoDate(asOf))
    return {
      asOf: asOf ?? '',
      accounts: [],
      problems: [
        ...problems,
        { file: mapping.accounts.file, message: 'no dated rows: pass --as-of to say which period to import' },
      ],
      rowsUsed: {},
    };

  const byAccount = byAccountAndTable(tied);
  const used = new Map<string, Set<SourceRow>>();
  const out: ImportedAccount[] = [];
  for (const [id, account] of accounts) {
    const rowsOf = byAccount.get(id) ?? new Map<string, TiedRow[]>();
    const entries = accountSignals(mapping, account, rowsOf, asOf, used, duplicates);
    out.push({ slug: account.slug, ...(account.name ? { name: account.name } : {}), externalId: id, entries });
  }
  const rowsUsed = Object.fromEntries(mapping.tables.map((t) => [t.name, used.get(t.name)?.size ?? 0]));
  return { asOf, accounts: out, problems, rowsUsed };
}

/** The ids used by more than one row of a table, each reported once (its rows are then cited with their lines). */
function duplicateIds(table: SourceTable, column: string, problems: ImportProblem[]): Set<string> {
  const lines = new Map<string, number[]>();
  for (const row of table.rows) {
    const id = text(row, column);
    if (id === '') continue;
    const seen = lines.get(id);
    if (seen) seen.push(row.line);
    else lines.set(id, [row.line]);
  }
  const out = new Set<string>();
  for (const [id, at] of lines) {
    if (at.length < 2) continue;
    out.add(id);
    problems.push({
      file: table.file,
      line: at[1],
      message: `${column} ${id} is used by ${at.length} rows (lines ${at.join(', ')}); they are all used, and cited with their line numbers`,
    });
  }
  return out;
}

/** How a row is cited as evidence: its id, with its line when the id is not unique, or its line alone. */
function cite(row: SourceRow, idColumn: string | undefined, duplicated: ReadonlySet<string> | undefined): string {
  if (idColumn === undefined) return `line ${row.line}`;
  const id = text(row, idColumn);
  return id === '' || duplicated?.has(id) ? `${id || '(no id)'} (line ${row.line})` : id;
}

function periodEntry(
  mapping: SignalMapping,
  rowsOf: Map<string, TiedRow[]>,
  start: IsoDate,
  end: IsoDate,
  used: Map<string, Set<SourceRow>>,
  duplicates: ReadonlyMap<string, ReadonlySet<string>>,
): SignalEntry | null {
  const values: Record<string, SignalValue> = {};
  const evidence: NonNullable<SignalEntry['evidence']> = {};
  for (const [signal, spec] of Object.entries(mapping.signals)) {
    const t = mapping.tables.find((x) => x.name === spec.table)!;
    const inPeriod = (rowsOf.get(spec.table) ?? []).filter((r) =>
      r.date !== undefined
        ? r.date >= start && r.date <= end
        : r.start !== undefined
          ? r.start <= end && (r.end === null || r.end === undefined || r.end >= end)
          : true,
    );
    const matching = inPeriod.filter((r) =>
      Object.entries(spec.where ?? {}).every(([col, want]) =>
        (Array.isArray(want) ? want : [want]).includes(text(r.row, col)),
      ),
    );
    const result = aggregate(spec, matching);
    if (result === null) continue;
    values[signal] = result.value;
    const rowIds = result.rows.map((r) => cite(r.row, t.id, duplicates.get(t.name)));
    evidence[signal] = { file: t.file, rows: rowIds };
    let set = used.get(t.name);
    if (!set) used.set(t.name, (set = new Set()));
    for (const r of result.rows) set.add(r.row);
  }
  if (Object.keys(values).length === 0) return null;
  return {
    date: end,
    period_days: daysBetween(start, end) + 1,
    source: mapping.source,
    values: ordered(values),
    evidence: ordered(evidence),
  };
}

/** Keys in the schema's signal order, so files read the same way every time. */
function ordered<T>(record: Record<string, T>): Record<string, T> {
  const rank = (k: string) => {
    const i = SIGNALS.findIndex((s) => s.name === k);
    return i === -1 ? SIGNALS.length : i;
  };
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => rank(a) - rank(b) || compareText(a, b)));
}

function aggregate(
  spec: SignalMapping['signals'][string],
  rows: TiedRow[],
): { value: SignalValue; rows: TiedRow[] } | null {
  if (spec.aggregate === 'count') return { value: finish(spec, rows.length), rows };
  const col = spec.column!;
  if (spec.aggregate === 'latest') {
    const withValue = rows.filter((r) => text(r.row, col) !== '');
    const last = withValue
      .sort((a, b) => compareText(a.date ?? a.start ?? '', b.date ?? b.start ?? '') || a.row.line - b.row.line)
      .pop();
    if (!last) return null;
    const raw = text(last.row, col);
    if (spec.as === 'boolean') {
      const b = /^(true|yes|y|1)$/i.test(raw) ? true : /^(false|no|n|0)$/i.test(raw) ? false : null;
      return b === null ? null : { value: b, rows: [last] };
    }
    const n = Number(raw);
    return Number.isFinite(n) ? { value: finish(spec, n), rows: [last] } : null;
  }
  if (spec.aggregate === 'count_distinct') {
    const withValue = rows.filter((r) => text(r.row, col) !== '');
    return { value: finish(spec, new Set(withValue.map((r) => text(r.row, col))).size), rows: withValue };
  }
  const numeric = rows
    .map((r) => ({ r, n: Number(text(r.row, col)) }))
    .filter((x) => text(x.r.row, col) !== '' && Number.isFinite(x.n));
  if (spec.aggregate === 'sum')
    return {
      value: finish(
        spec,
        numeric.reduce((s, x) => s + x.n, 0),
      ),
      rows: numeric.map((x) => x.r),
    };
  if (numeric.length === 0) return null;
  const ns = numeric.map((x) => x.n);
  const v =
    spec.aggregate === 'mean'
      ? ns.reduce((s, n) => s + n, 0) / ns.length
      : spec.aggregate === 'min'
        ? Math.min(...ns)
        : Math.max(...ns);
  return { value: finish(spec, v), rows: numeric.map((x) => x.r) };
}

function finish(spec: SignalMapping['signals'][string], n: number): number {
  const v = spec.percent_of !== undefined ? Math.min(100, (n / spec.percent_of) * 100) : n;
  const f = 10 ** (spec.round ?? 2);
  return Math.round(v * f) / f;
}

/** The first day of the month or quarter holding date. */
export function periodStart(date: IsoDate, period: 'month' | 'quarter'): IsoDate {
  const d = toDate(date);
  const month = period === 'month' ? d.getMonth() : Math.floor(d.getMonth() / 3) * 3;
  return toIso(new Date(d.getFullYear(), month, 1));
}

/** The first day of the next period (start is a period's first day, so no day is clamped). */
function nextPeriod(start: IsoDate, period: 'month' | 'quarter'): IsoDate {
  return addMonthsIso(start, period === 'month' ? 1 : 3);
}

function lastDay(start: IsoDate, period: 'month' | 'quarter'): IsoDate {
  return addDaysIso(nextPeriod(start, period), -1);
}
