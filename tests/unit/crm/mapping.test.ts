import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STAGES } from '../../../src/domain/stage.js';
import { CrmReadError, listCrmSources, loadCrmMapping } from '../../../src/crm/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PLAYBOOKS = join(ROOT, 'playbooks', 'crm');
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schemas', 'crm_mapping.schema.json'), 'utf8')) as {
  properties: { opportunities: { properties: { stages: { additionalProperties: { enum: string[] } } } } };
};

/** Loads a mapping expected to fail and returns the error. */
function loadError(text: string): CrmReadError {
  try {
    loadCrmMapping(text, 'bad.yaml');
  } catch (error) {
    if (error instanceof CrmReadError) return error;
    throw error;
  }
  throw new Error('the mapping loaded');
}

const minimal = `version: 1
source: tiny
format: csv
accounts:
  file: a.csv
  fields:
    id: Id
    name: Name
`;

describe('shipped mappings', () => {
  it('are the three sources', () => {
    expect(listCrmSources()).toEqual(['maven', 'salesforce', 'salesforce-csv']);
  });

  it.each(readdirSync(PLAYBOOKS).filter((f) => f.endsWith('.yaml')))(
    '%s validates, names its source and carries the schema modeline',
    (name) => {
      const text = readFileSync(join(PLAYBOOKS, name), 'utf8');
      const mapping = loadCrmMapping(text, join(PLAYBOOKS, name));
      expect(mapping.source).toBe(name.replace(/\.yaml$/, ''));
      expect(mapping.file).toBe(join(PLAYBOOKS, name));
      expect(text.startsWith('# yaml-language-server: $schema=../../schemas/crm_mapping.schema.json')).toBe(true);
    },
  );

  it('the example in playbooks/crm/README.md is a valid mapping', () => {
    const readme = readFileSync(join(PLAYBOOKS, 'README.md'), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(loadCrmMapping(example, 'README.md')).toMatchObject({ source: 'mycrm', format: 'csv' });
  });

  it('the schema allows exactly the normalised stages', () => {
    expect(SCHEMA.properties.opportunities.properties.stages.additionalProperties.enum).toEqual([...STAGES]);
  });
});

describe('loadCrmMapping', () => {
  it('loads a minimal mapping', () => {
    expect(loadCrmMapping(minimal, 'tiny.yaml')).toMatchObject({ source: 'tiny', format: 'csv', file: 'tiny.yaml' });
  });

  it.each([
    ['a YAML syntax error', 'version: 1\nsource: [unclosed\n', 3, /not valid YAML/],
    [
      'a missing required key',
      minimal.replace('    name: Name\n', ''),
      6,
      /\/accounts\/fields must have required property 'name'/,
    ],
    ['an unknown key, reported on its line', minimal + 'colour: blue\n', 9, /\/colour is not a known key here/],
    [
      'an unknown normalised field',
      minimal + '    revenue: Rev\n',
      9,
      /\/accounts\/fields\/revenue is not a known key/,
    ],
    ['an unknown format', minimal.replace('format: csv', 'format: xml'), 3, /\/format must be one of "sf-tree", "csv"/],
    [
      'an unknown stage target',
      minimal +
        'opportunities:\n  file: o.csv\n  account: Acct\n  fields: { id: Id, name: Name, stage: Stage }\n  stages:\n    Won: Stage 5\n',
      14,
      /\/opportunities\/stages\/Won must be one of/,
    ],
    [
      'a rule with two sources',
      minimal.replace('id: Id', "id: { column: Id, template: 'A{#}' }"),
      7,
      /needs exactly one of column, template, lookup/,
    ],
    [
      'a lookup that is not declared',
      minimal.replace('name: Name', 'name: { lookup: people, key: Owner, column: Name }'),
      8,
      /names lookup "people", which is not under lookups/,
    ],
    [
      'a lookup without its key',
      minimal.replace('name: Name', 'name: { lookup: people, column: Name }'),
      8,
      /must have properties key, column when property lookup is present/,
    ],
    ['a plan with csv', minimal + 'plan: data-plan.json\n', 9, /\/plan is only read with format: sf-tree/],
  ])('reports %s with its line', (_, text, line, message) => {
    const error = loadError(text);
    expect(error.line).toBe(line);
    expect(error.file).toBe('bad.yaml');
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(/crm_mapping\.schema\.json/);
  });

  it('lists every fault, not just the first', () => {
    const error = loadError(minimal.replace('format: csv', 'format: xml') + 'colour: blue\n');
    expect(error.message.split('\n').filter((l) => l.startsWith('  line '))).toHaveLength(2);
  });

  it('reports an alias bomb instead of crashing', () => {
    const names = [...'abcdefghi'];
    const lines = names.map(
      (n, i) =>
        `${n}: &${n} [${Array(10)
          .fill(i === 0 ? 'x' : `*${names[i - 1]}`)
          .join(', ')}]`,
    );
    expect(() => loadCrmMapping(lines.join('\n'), 'bomb.yaml')).toThrow(
      /CRM mapping bomb\.yaml could not be read: .*alias/i,
    );
  });
});
