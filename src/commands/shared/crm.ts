/**
 * Reading a CRM export for a command (csp init --from-crm, csp import): the source is a shipped
 * mapping's name, a mapping file, the team's mapping (.csp.yaml stage_mapping), or detected; an
 * unreadable export is a PreconditionError (exit 3) that keeps the file, line and hint.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Hub } from '../../infohub/hub.js';
import type { CrmExport } from '../../crm/types.js';
import type { CrmUsers } from '../../crm/users.js';
import { PreconditionError } from '../../errors.js';

/** Shorter names people use for the shipped mappings. */
const SOURCE_ALIASES: Readonly<Record<string, string>> = { csv: 'salesforce-csv', sf: 'salesforce' };

/**
 * Reads a CRM Users export (csp import --users): CSV or JSON with each user's Id and Name.
 * @throws PreconditionError (code crm-unreadable) when it cannot be read or has no Id and Name
 */
export async function readUsersFor(cwd: string, path: string): Promise<CrmUsers> {
  const crm = await import('../../crm/index.js');
  try {
    return crm.readUsersExport(resolve(cwd, path), path);
  } catch (error) {
    if (error instanceof crm.CrmReadError)
      throw new PreconditionError(error.message, {
        code: 'crm-unreadable',
        file: error.file,
        line: error.line,
        hint: error.hint,
        cause: error,
      });
    throw error;
  }
}

/**
 * Reads the export at path. `source` is a shipped mapping (salesforce, salesforce-csv or csv,
 * maven) or a mapping file path; without it the team's mapping applies, else detection.
 * `sourceFlag` is the command's flag for the source (csp import: --source), named in the hints.
 * @throws PreconditionError (code crm-unreadable) when the export cannot be read or told apart
 */
export async function readExportFor(
  hub: Hub,
  cwd: string,
  path: string,
  source?: string,
  sourceFlag = '--crm-source',
): Promise<CrmExport> {
  const crm = await import('../../crm/index.js');
  const asFile =
    source !== undefined && /\.ya?ml$/i.test(source) && existsSync(resolve(cwd, source))
      ? resolve(cwd, source)
      : undefined;
  const options = asFile
    ? { mappingFile: asFile }
    : source !== undefined
      ? { source: SOURCE_ALIASES[source.toLowerCase()] ?? source }
      : hub.config.stageMapping
        ? { mappingFile: hub.config.stageMapping }
        : {};
  try {
    return crm.readCrmExport(resolve(cwd, path), options);
  } catch (error) {
    if (error instanceof crm.CrmReadError) {
      throw new PreconditionError(error.message, {
        code: 'crm-unreadable',
        file: error.file,
        line: error.line,
        hint: error.hint?.replaceAll('--crm-source', sourceFlag),
        cause: error,
      });
    }
    throw error;
  }
}
