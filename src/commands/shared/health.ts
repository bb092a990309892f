/**
 * Reading what customer health needs: the health model (the team's, from .csp.yaml health_model,
 * else the shipped playbooks/health-model.yaml), an account's health_signals.yaml, a signal
 * mapping, and the recovery playbook's save plays. Every file is validated against its schema
 * and the model's own checks; a broken one is an error with file:line:col.
 */
import { join, resolve } from 'node:path';
import type { Hub } from '../../infohub/hub.js';
import { PreconditionError } from '../../errors.js';
import { checkHealthModel, type HealthModel } from '../../customer-health/model.js';
import { checkSignalMapping, type SignalMapping } from '../../customer-health/import.js';
import type { HealthSignals } from '../../customer-health/signals.js';
import type { Edit } from '../../domain/edit.js';
import type { SavePlay } from '../../customer-health/triggers.js';
import type { RawIssue } from '../../domain/issue.js';
import { PACKAGE_ROOT } from '../../schema/schemas.js';
import { prepareCreate, prepareUpdate, type LoadedDocument } from '../../storage/documents.js';
import { exists } from '../../storage/files.js';
import { schemaCopyWrites } from '../../storage/infohub.js';
import { transaction, type PlannedWrite } from '../../storage/journal.js';
import { loadPlaybook, readValidated } from './plans.js';

/** The shipped default health model. */
const DEFAULT_HEALTH_MODEL = join(PACKAGE_ROOT, 'playbooks', 'health-model.yaml');

/** A health model and the file it came from. */
export interface LoadedModel {
  model: HealthModel;
  file: string;
}

/**
 * Loads the health model: `file` when given (a --model flag), else the team's (config
 * health_model), else the shipped default. Throws PreconditionError when the file is missing,
 * PlanInvalidError when it is invalid.
 */
export async function loadHealthModel(hub: Hub, file?: string): Promise<LoadedModel> {
  const path = file ?? hub.config.healthModel ?? DEFAULT_HEALTH_MODEL;
  const model = await readChecked<HealthModel>(
    hub,
    path,
    'health_model',
    checkHealthModel,
    'health model',
    file ? 'check the --model path' : 'check health_model in .csp.yaml',
  );
  return { model, file: path };
}

/**
 * Loads a signal mapping: a file path (relative to cwd), or the name of a shipped mapping
 * (ravenstack -> playbooks/signal-mappings/ravenstack.yaml). Throws PreconditionError /
 * PlanInvalidError.
 */
export async function loadSignalMapping(
  hub: Hub,
  ref: string,
  cwd: string,
): Promise<{ mapping: SignalMapping; file: string }> {
  const shipped = join(PACKAGE_ROOT, 'playbooks', 'signal-mappings', `${ref}.yaml`);
  const path =
    !ref.includes('/') && !ref.includes('\\') && !/\.ya?ml$/.test(ref) && exists(shipped) ? shipped : resolve(cwd, ref);
  const mapping = await readChecked<SignalMapping>(
    hub,
    path,
    'signal_mapping',
    checkSignalMapping,
    'signal mapping',
    'pass --mapping <file>, or the name of a shipped mapping (ravenstack)',
  );
  return { mapping, file: path };
}

async function readChecked<T>(
  hub: Hub,
  path: string,
  kind: 'health_model' | 'signal_mapping',
  check: (data: T) => RawIssue[],
  what: string,
  hint: string,
): Promise<T> {
  if (!exists(path))
    throw new PreconditionError(`the ${what} ${hub.display(path)} does not exist`, { code: 'no-file', hint });
  return readValidated<T>(hub, path, kind, {
    invalid: `the ${what} ${hub.display(path)} is invalid`,
    code: kind === 'health_model' ? 'health-model-invalid' : 'signal-mapping-invalid',
    check,
  });
}

/**
 * Reads an account's health_signals.yaml; undefined when it has none. Throws PlanInvalidError
 * when it is invalid (with file:line:col).
 */
export async function readSignals(hub: Hub, account: string): Promise<HealthSignals | undefined> {
  const path = hub.paths(account).healthSignals;
  if (!exists(path)) return undefined;
  return readValidated<HealthSignals>(hub, path, 'health_signals', {
    invalid: `${hub.display(path)} is invalid`,
    code: 'signals-invalid',
  });
}

/** The recovery playbook's save plays (the team's playbook when it has one). */
export async function loadSavePlays(hub: Hub): Promise<SavePlay[]> {
  return (await loadPlaybook(hub, 'recovery')).save_plays ?? [];
}

/**
 * Writes an account's health_signals.yaml (csp signal, csp signal import): a new file with
 * `create`, or `edits` applied to the loaded `doc`; with the schema copy when it is missing or
 * old, as one transaction. Nothing is written on a dry run or when nothing changes. Runs under the
 * account's lock (the caller's changeAccount). Returns the data as written and whether it changed.
 * @throws PlanInvalidError when the change would leave an error in the file
 */
export async function writeSignals(
  hub: Hub,
  account: string,
  change: { create: HealthSignals } | { doc: LoadedDocument<HealthSignals>; edits: Edit[] },
  options: { dryRun: boolean; command: string },
): Promise<{ data: HealthSignals; changed: boolean }> {
  const file = hub.paths(account).healthSignals;
  let result: { data: HealthSignals; changed: boolean; write?: PlannedWrite };
  if ('create' in change)
    result = {
      data: change.create,
      changed: true,
      write: {
        path: file,
        before: null,
        after: (await prepareCreate(file, 'health_signals', change.create, hub.store)).text,
      },
    };
  else {
    const next = await prepareUpdate(change.doc, change.edits, hub.store);
    result = {
      data: next.data,
      changed: next.changed,
      ...(next.changed ? { write: { path: file, before: change.doc.text, after: next.text } } : {}),
    };
  }
  const writes = [...(result.write ? [result.write] : []), ...schemaCopyWrites(hub.root, ['health_signals'])];
  if (!options.dryRun && writes.length > 0) await transaction(hub, account, writes, { command: options.command });
  return { data: result.data, changed: result.changed };
}
