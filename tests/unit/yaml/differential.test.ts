/**
 * The read path parses with js-yaml (CORE_SCHEMA) and places issues with a line scanner, both
 * for speed; edits and the reference positions use the `yaml` package. These differential tests
 * hold the fast path to the `yaml` package's answers over many generated plans written three ways
 * (csp's block style, `yaml`'s own renderer with flow collections, and csp's renderNewYaml), the
 * SPEC's example plan (flow maps, comments, a folded scalar), and the CRM fixtures' imports.
 */
import { sharedData } from '../../helpers/shared-data.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Document, isScalar, parse, parseDocument, visit } from 'yaml';
import { generatePlan, planText, rng } from '../../../bench/generate-infohub.mjs';
import { parseYamlFast } from '../../../src/yaml/read.js';
import { createFastLocator } from '../../../src/yaml/locate.js';
import { createLocator } from '../../../src/yaml/positions.js';
import { renderNewYaml } from '../../../src/yaml/edit.js';
import { toPointer } from '../../../src/domain/issue.js';

const EXAMPLE = sharedData('examples/csp.example.yaml');
const HAND_WRITTEN = `# a plan as a person might write it
schema_version: 1
meta:
  account: acme   # the slug
  account_name: "Acme: the \\"real\\" one"
  owner: {name: 'O''Brien', role: SA}
  tags: [a, "b, c", [nested, list], {k: v}]
  notes: |
    line one: with a colon
    - not a list item
  folded: >-
    folded text
    continues here
  plain: a multi-line
    plain scalar
  empty:
  url: http://example.com/a:b
stakeholders:
- id: sh-1
  name: Sarah
-   id: sh-2
    name: Raj
- - nested
  - seq
-
  id: sh-3
"quoted key": 1
'single': 2
---
`;

/** `yaml`'s rendering with every map or list of scalars written in flow style, as people often do. */
function flowLeaves(data: unknown, padding: boolean): string {
  const doc = new Document(data);
  visit(doc, {
    Map(_, node) {
      if (node.items.length > 0 && node.items.every((p) => isScalar(p.value))) node.flow = true;
    },
    Seq(_, node) {
      if (node.items.length > 0 && node.items.every((v) => isScalar(v))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: padding });
}

/** Every plan text the tests compare on. */
function texts(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < 60; i++) {
    const plan = generatePlan(i, rng(1000 + i));
    out.push([`generated ${i} (block)`, planText(plan)]);
    if (i % 3 === 0) out.push([`generated ${i} (yaml, flow leaves)`, flowLeaves(plan, i % 2 === 0)]);
    if (i % 3 === 1)
      out.push([
        `generated ${i} (renderNewYaml)`,
        renderNewYaml(plan, { modeline: '# yaml-language-server: $schema=x.json', header: '# header comment' }),
      ]);
  }
  out.push(['SPEC example', readFileSync(EXAMPLE, 'utf8')]);
  out.push(['hand-written', HAND_WRITTEN.replace(/---\n$/, '')]);
  return out;
}

/** Every pointer into data, plus a missing child under each container. */
function pointers(data: unknown, path: Array<string | number> = [], out: string[] = []): string[] {
  out.push(toPointer(path));
  if (Array.isArray(data)) {
    data.forEach((v, i) => pointers(v, [...path, i], out));
    out.push(toPointer([...path, data.length]));
  } else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) pointers(v, [...path, k], out);
    out.push(toPointer([...path, 'missing_key']));
  }
  return out;
}

describe('js-yaml (read path) and yaml give the same data', () => {
  it.each(texts())('%s', (_, text) => {
    const fast = parseYamlFast(text);
    expect(fast.issues).toEqual([]);
    expect(fast.data).toEqual(parse(text, { schema: 'core' }));
  });
});

describe('the line scanner places every pointer where the yaml Document does', () => {
  it.each(texts())('%s', (name, text) => {
    const fast = createFastLocator(text);
    expect(fast, `${name}: the scanner gave up`).not.toBeNull();
    const slow = createLocator(text);
    const data = parseDocument(text).toJS();
    for (const p of pointers(data)) {
      expect(fast!(p), `${name} ${p}`).toEqual(slow(p));
      expect(fast!(p, { key: true }), `${name} ${p} (key)`).toEqual(slow(p, { key: true }));
    }
  });

  it.each([
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a multi-line flow map', 'a: {b: 1,\n  c: 2}\n'],
    ['a multi-line quoted scalar', 'a: "one\n  two"\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a tab in the indentation', 'a:\n\tb: 1\n'],
  ])('gives up on %s (positions.ts answers instead)', (_, text) => {
    expect(createFastLocator(text)).toBeNull();
  });
});
