/** Reads Salesforce `sf data tree` JSON files ({"records": [...]} and data-plan.json) into located rows. Pure. */
import { CrmReadError } from './read-error.js';
import type { SourceRow, SourceTable } from './source-table.js';

/** One entry of data-plan.json: an sObject and the files holding its records. */
export interface DataPlanEntry {
  sobject: string;
  files: string[];
}

/**
 * Parses a tree file's records. A record that is not an object is a crm-bad-record error and is
 * skipped. Field paths are dotted ("attributes.referenceId") and matched ignoring case.
 * @throws CrmReadError when the text is not JSON (with the line when known) or has no "records" array
 */
export function readTreeRecords(file: string, text: string): SourceTable {
  const data = parseJson(file, text);
  const records = isObject(data) ? data.records : undefined;
  if (!Array.isArray(records)) {
    throw new CrmReadError(`${file} is not a Salesforce tree export: expected {"records": [...]}.`, {
      file,
      line: 1,
      hint: 'Export with `sf data tree export`, or pass the mapping that fits this file.',
    });
  }
  const lines = recordLines(text);
  const table: SourceTable = { file, rows: [], problems: [] };
  records.forEach((record: unknown, i) => {
    const line = lines[i] ?? 1;
    if (!isObject(record)) {
      table.problems.push({
        file,
        line,
        severity: 'error',
        code: 'crm-bad-record',
        message: `Record ${i + 1} is ${record === null ? 'null' : typeof record}, not an object; skipped it.`,
        hint: 'Remove the entry or export the file again.',
      });
      return;
    }
    const row: SourceRow = { file, line, position: i + 1, get: (path) => getPath(record, path) };
    table.rows.push(row);
  });
  return table;
}

/**
 * Parses data-plan.json: an array of {sobject, files}.
 * @throws CrmReadError when it is not JSON or not such an array
 */
export function readDataPlan(file: string, text: string): DataPlanEntry[] {
  const data = parseJson(file, text);
  const valid =
    Array.isArray(data) &&
    data.every(
      (e) =>
        isObject(e) &&
        typeof e.sobject === 'string' &&
        Array.isArray(e.files) &&
        e.files.every((f) => typeof f === 'string'),
    );
  if (!valid) {
    throw new CrmReadError(`${file} is not a Salesforce data plan: expected [{"sobject": ..., "files": [...]}, ...].`, {
      file,
      line: 1,
      hint: "Export with `sf data tree export --plan`, or remove the data plan so the mapping's file names are used.",
    });
  }
  return (data as Array<{ sobject: string; files: string[] }>).map(({ sobject, files }) => ({ sobject, files }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function getPath(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const segment of path.split('.')) {
    if (!isObject(current)) return undefined;
    if (segment in current) {
      current = current[segment];
      continue;
    }
    const lower = segment.toLowerCase();
    const key = Object.keys(current).find((k) => k.toLowerCase() === lower);
    current = key === undefined ? undefined : current[key];
  }
  return current;
}

function parseJson(file: string, text: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(body);
  } catch (cause) {
    const line = jsonErrorLine(body, (cause as Error).message);
    throw new CrmReadError(`${file}${line ? ` line ${line}` : ''} is not valid JSON: ${(cause as Error).message}.`, {
      file,
      line,
      hint: 'The file is cut short or was edited by hand: export it again.',
      cause,
    });
  }
}

/** The line a JSON.parse error points at: its "position N", or the last line when the input ends early. */
function jsonErrorLine(text: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  if (/end of JSON input/i.test(message)) return text.trimEnd().split('\n').length;
  return undefined;
}

/**
 * The 1-based line where each element of the root object's "records" array starts (a record's
 * opening `{`). The text is valid JSON (JSON.parse succeeded), so strings hold no raw newlines
 * and a light scan suffices.
 */
function recordLines(text: string): number[] {
  const lines: number[] = [];
  const stack: Array<{ bracket: string; key?: string }> = [];
  let lastRootString: string | undefined;
  let expectRecord = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      line++;
      continue;
    }
    const inRecords = stack.length === 2 && stack[1].bracket === '[' && stack[1].key === 'records';
    if (inRecords && expectRecord && !/[\s,\]]/.test(c)) {
      lines.push(line);
      expectRecord = false;
    }
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (stack.length === 1) lastRootString = JSON.parse(text.slice(i, end + 1)) as string;
      i = end;
    } else if (c === '{' || c === '[') {
      stack.push({ bracket: c, key: stack.length === 1 ? lastRootString : undefined });
      if (stack.length === 2 && c === '[' && lastRootString === 'records') expectRecord = true;
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',' && inRecords) {
      expectRecord = true;
    }
  }
  return lines;
}
