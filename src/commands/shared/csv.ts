/**
 * Reading a CSV file for a command (csp signal import, csp health backtest): size-capped, parsed
 * into a table, and an unreadable file a PreconditionError (exit 3) that names the file and line.
 */
import type { Hub } from '../../infohub/hub.js';
import { readCsvTable } from '../../crm/csv-table.js';
import { CrmReadError } from '../../crm/read-error.js';
import type { SourceTable } from '../../crm/source-table.js';
import { PreconditionError } from '../../errors.js';
import { readTextFile } from '../../storage/files.js';

/** Largest CSV file read, in bytes (200 MiB). */
const MAX_CSV_BYTES = 200 * 1024 * 1024;

/**
 * The table of the CSV file at path; `name` is the table's file name in its rows (default: the
 * path as shown to the user).
 * @throws PreconditionError (code csv-unreadable, with file, line and hint) for a malformed CSV;
 *   the errors of readTextFile for a missing, too large or non-UTF-8 file
 */
export function readCsvFor(hub: Hub, path: string, name = hub.display(path)): SourceTable {
  try {
    return readCsvTable(name, readTextFile(path, MAX_CSV_BYTES));
  } catch (error) {
    if (error instanceof CrmReadError) {
      // NOTE: the reader names the file as its rows do (`name`: signal import's bare file name);
      // the user is shown its path, once (the error renderer does not repeat a file the message starts with).
      const shown = hub.display(path);
      const message = error.message.startsWith(name) ? shown + error.message.slice(name.length) : error.message;
      throw new PreconditionError(message, {
        code: 'csv-unreadable',
        file: shown,
        line: error.line,
        hint: error.hint,
        cause: error,
      });
    }
    throw error;
  }
}
