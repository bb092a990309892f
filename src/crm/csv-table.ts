/** Reads one CSV file (header row first; CRLF, LF or CR; optional BOM) into located rows. Pure. */
import { CsvError, parse } from 'csv-parse/sync';
import { CrmReadError } from './read-error.js';
import type { SourceRow, SourceTable } from './source-table.js';

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

/**
 * Parses CSV text. A row whose field count differs from the header's is a crm-bad-row error and
 * is skipped (it still counts for the positions of the rows after it).
 * @param file the file's path, used in refs and messages
 * @throws CrmReadError for an empty file, an unclosed quote, or another CSV syntax error, with its line
 */
export function readCsvTable(file: string, text: string): SourceTable {
  // NOTE: csv-parse counts a CRLF inside a quoted field as two lines; with LF only its line counts are exact.
  const normalised = text.replace(/\r\n?/g, '\n');
  let parsed: ParsedRecord[];
  try {
    parsed = parse(normalised, {
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as ParsedRecord[];
  } catch (cause) {
    throw csvSyntaxError(file, normalised, cause);
  }
  const [header, ...records] = parsed;
  if (!header) {
    throw new CrmReadError(`${file} is empty: expected a header row naming the columns.`, {
      file,
      line: 1,
      hint: 'Export the file again with its header row.',
    });
  }
  const columns = header.record.map((name) => name.trim());
  const index = new Map<string, number>();
  columns.forEach((name, i) => {
    if (!index.has(name.toLowerCase())) index.set(name.toLowerCase(), i);
  });
  const table: SourceTable = { file, columns, rows: [], problems: [] };
  records.forEach(({ record, info }, i) => {
    // info.lines is the record's last line; a record spans one more line per newline inside its quoted fields.
    const line = info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== columns.length) {
      table.problems.push({
        file,
        line,
        severity: 'error',
        code: 'crm-bad-row',
        message: `Row has ${record.length} fields but the header has ${columns.length}; skipped the row.`,
        hint: 'Check the row for an unquoted comma or a missing field, and export again.',
      });
      return;
    }
    const row: SourceRow = {
      file,
      line,
      position: i + 1,
      get: (column) => {
        const at = index.get(column.toLowerCase());
        return at === undefined ? undefined : record[at];
      },
    };
    table.rows.push(row);
  });
  return table;
}

/** Reads just the header's column names (for format detection); [] when the text has none. */
export function readCsvHeader(text: string): string[] {
  try {
    const [header] = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      to_line: 1,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as string[][];
    return (header ?? []).map((name) => name.trim());
  } catch {
    // NOTE: detection only asks "does this look like that export"; a broken file is reported when it is read.
    return [];
  }
}

function csvSyntaxError(file: string, text: string, cause: unknown): CrmReadError {
  const hint =
    'Fix the quoting on that line (a field with a comma, quote or newline must be "quoted", and a quote inside it doubled), or export the file again.';
  if (!(cause instanceof CsvError)) {
    return new CrmReadError(`${file} could not be read as CSV: ${String(cause)}`, { file, hint, cause });
  }
  const line =
    cause.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(text) : (cause as CsvError & { lines?: number }).lines;
  const what = cause.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed' : cause.message;
  return new CrmReadError(`${file}${line ? ` line ${line}` : ''} is not valid CSV: ${what}.`, {
    file,
    line,
    hint,
    cause,
  });
}

/** The line of the quote that opens the field left open at the end of the text. */
function unclosedQuoteLine(text: string): number | undefined {
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') open = open === -1 ? i : -1;
  }
  return open === -1 ? undefined : text.slice(0, open).split('\n').length;
}
