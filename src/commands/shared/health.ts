/**
 * Reading what customer health needs: the health model (the team's, from .csp.yaml health_model,
 * else the shipped playbooks/health-model.yaml), an account's health_signals.yaml, a signal
 * mapping, and the recovery playbook's save plays. Every file is validated against its schema
 * and the model's own checks; a broken one is an error with file:line:col.
 */
import { join, resolve } from 'node:path';
import type { Hub } from '../../cli/hub.js';
import { PlanInvalidError, PreconditionError } from '../../errors.js';
import { checkHealthModel, type HealthModel } from '../../health/model.js';
import { checkSignalMapping, type SignalMapping } from '../../health/import.js';
import type { HealthSignals } from '../../health/signals.js';
import type { SavePlay } from '../../health/triggers.js';
import type { RawIssue } from '../../domain/issue.js';
import type { DocKind } from '../../schema/documents.js';
import { PACKAGE_ROOT } from '../../schema/schemas.js';
import { exists, readTextFile } from '../../storage/files.js';
import { placeIssues, validateText } from '../../validation/file.js';
import { loadPlaybook } from './plans.js';

/** The shipped default health model. */
export const DEFAULT_HEALTH_MODEL = join(PACKAGE_ROOT, 'playbooks', 'health-model.yaml');

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
  const model = await readChecked<HealthModel>(hub, path, 'health_model', checkHealthModel, 'health model', file ? 'check the --model path' : 'check health_model in .csp.yaml');
  return { model, file: path };
}

/**
 * Loads a signal mapping: a file path (relative to cwd), or the name of a shipped mapping
 * (ravenstack -> playbooks/signal-mappings/ravenstack.yaml). Throws PreconditionError /
 * PlanInvalidError.
 */
export async function loadSignalMapping(hub: Hub, ref: string, cwd: string): Promise<{ mapping: SignalMapping; file: string }> {
  const shipped = join(PACKAGE_ROOT, 'playbooks', 'signal-mappings', `${ref}.yaml`);
  const path = !ref.includes('/') && !ref.includes('\\') && !/\.ya?ml$/.test(ref) && exists(shipped) ? shipped : resolve(cwd, ref);
  const mapping = await readChecked<SignalMapping>(hub, path, 'signal_mapping', checkSignalMapping, 'signal mapping', 'pass --mapping <file>, or the name of a shipped mapping (ravenstack)');
  return { mapping, file: path };
}

async function readChecked<T>(hub: Hub, path: string, kind: DocKind, check: (data: T) => RawIssue[], what: string, hint: string): Promise<T> {
  if (!exists(path)) throw new PreconditionError(`the ${what} ${hub.display(path)} does not exist`, { code: 'no-file', hint });
  const text = readTextFile(path, hub.config.maxFileBytes);
  const { data, issues } = await validateText(hub.display(path), text, kind);
  let errors = issues.filter((i) => i.severity === 'error');
  if (errors.length === 0) errors = await placeIssues(hub.display(path), text, check(data as T));
  if (errors.length > 0) throw new PlanInvalidError(`the ${what} ${hub.display(path)} is invalid`, errors, { code: `${kind.replace('_', '-')}-invalid` });
  return data as T;
}

/** The path of an account's signals file. */
export function signalsPath(hub: Hub, account: string): string {
  return join(hub.paths(account).dir, 'health_signals.yaml');
}

/**
 * Reads an account's health_signals.yaml; undefined when it has none. Throws PlanInvalidError
 * when it is invalid (with file:line:col).
 */
export async function readSignals(hub: Hub, account: string): Promise<HealthSignals | undefined> {
  const path = signalsPath(hub, account);
  if (!exists(path)) return undefined;
  const { data, issues } = await validateText(hub.display(path), readTextFile(path, hub.config.maxFileBytes), 'health_signals');
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) throw new PlanInvalidError(`${hub.display(path)} is invalid`, errors, { code: 'signals-invalid' });
  return data as HealthSignals;
}

/** The recovery playbook's save plays (the team's playbook when it has one). */
export async function loadSavePlays(hub: Hub): Promise<SavePlay[]> {
  return (await loadPlaybook(hub, 'recovery')).save_plays ?? [];
}
