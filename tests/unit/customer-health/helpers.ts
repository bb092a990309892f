/** Test helpers for customer health: the shipped default model, read once. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import type { HealthModel } from '../../../src/customer-health/model.js';
import type { SignalEntry } from '../../../src/customer-health/signals.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** playbooks/health-model.yaml, parsed. */
export const DEFAULT_MODEL = yaml.load(readFileSync(`${ROOT}playbooks/health-model.yaml`, 'utf8'), {
  schema: yaml.CORE_SCHEMA,
}) as HealthModel;

/** A signals document from entries. */
export function signals(...entries: SignalEntry[]) {
  return { signals: entries };
}
