/** Every YAML file csp ships in playbooks/ is valid against its schema (a broken one breaks csp init, renew, recover, status). */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateText } from '../../../src/validation/file.js';
import type { DocKind } from '../../../src/schema/documents.js';
import { ROOT } from '../customer-health/helpers.js';

const files: Array<[string, DocKind]> = [
  ...readdirSync(`${ROOT}playbooks`)
    .filter((f) => /^(onboarding|expansion|renewal|recovery)\.yaml$/.test(f))
    .map((f): [string, DocKind] => [`playbooks/${f}`, 'playbook']),
  ['playbooks/health-model.yaml', 'health_model'],
  ...readdirSync(`${ROOT}playbooks/signal-mappings`).map((f): [string, DocKind] => [
    `playbooks/signal-mappings/${f}`,
    'signal_mapping',
  ]),
];

describe('shipped playbooks', () => {
  it.each(files)('%s is valid', async (file, kind) => {
    const { issues } = await validateText(file, readFileSync(ROOT + file, 'utf8'), kind);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
  it('include the four plan types', () => expect(files.filter(([, k]) => k === 'playbook')).toHaveLength(4));
});
