/**
 * Regression tests for bugs found (and fixed) in src/yaml/ (edit.ts, read.ts), written as the behaviour the product promises.
 * Each names the function, the input, what is expected
 * and what used to happen instead.
 */
import { describe, expect, it } from 'vitest';
import { editYamlText } from '../../../src/yaml/edit.js';
import { parseYamlFast, DEFAULT_LIMITS } from '../../../src/yaml/read.js';
import { remove, set, type Edit } from '../../../src/domain/edit.js';
import { planHandoff } from '../../../src/domain/lifecycle.js';
import type { Plan } from '../../../src/domain/plan.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import { keyOrderAt } from '../../../src/schema/walk.js';
import { HAND_FORMATTED, dataOf, expectedData, hunks, lostComments } from './helpers.js';

const schema = loadSchema('csp');
const OPTIONS = { keyOrder: (path: ReadonlyArray<string | number>) => keyOrderAt(schema, path) };

describe('editYamlText bugs', () => {
  // BUG 1: when any edit needs the fallback (renderAll), every other `set` of a scalar that has a
  // trailing comment replaces the node with doc.setIn(createNode(...)), which drops the comment;
  // verification then fails and the whole edit throws YamlEditError. `csp handoff` on the
  // hand-formatted example hits it: set(handoff) (checklist [] -> 5 items needs the fallback) +
  // set(meta.opportunity_stage) (line carries "# Stage 1-4 | Closed Won | Closed Lost").
  it('csp handoff edits on the hand-formatted plan are written, keeping every comment', () => {
    const { edits } = planHandoff(dataOf(HAND_FORMATTED) as Plan, {
      to: 'Dana Kim',
      date: '2026-11-22',
      openItems: [],
    });
    const result = editYamlText(HAND_FORMATTED, edits, OPTIONS);
    expect(dataOf(result)).toEqual(expectedData(HAND_FORMATTED, edits));
    expect(lostComments(HAND_FORMATTED, result)).toEqual([]);
  });

  it.each<[string, Edit[]]>([
    [
      'filling an empty flow list + a status with a trailing comment',
      [set(['handoff', 'checklist'], [{ item: 'Intro call', done: false }]), set(['meta', 'status'], 'approved')],
    ],
    [
      'replacing a folded scalar + a phase with a trailing comment',
      [set(['customer_context', 'background'], 'One system of record.'), set(['meta', 'phase'], 'execute')],
    ],
  ])('a fallback edit combined with a commented scalar edit works: %s', (_, edits) => {
    const result = editYamlText(HAND_FORMATTED, edits, OPTIONS);
    expect(dataOf(result)).toEqual(expectedData(HAND_FORMATTED, edits));
    expect(lostComments(HAND_FORMATTED, result)).toEqual([]);
  });

  // BUG 2: the fallback promises that "every line that did not really change is put back as it
  // was", but restoreUnchangedLines only normalises comment spacing and flow padding: the `>-`
  // background (lines 26-28) is re-folded onto one line, and `handoff:   # internal only` /
  // `internal_notes:   # internal only` become `handoff:` + `  # internal only` on a new line.
  it('the fallback leaves lines the edit does not concern byte-identical', () => {
    const result = editYamlText(HAND_FORMATTED, [set(['technical_evaluation', 'resources'], ['1 SA (50%)'])], OPTIONS);
    expect(hunks(HAND_FORMATTED, result)).toEqual([
      {
        after: '  plan: Two-week sandbox with CRM sync and SSO; success criteria sc-1 and sc-2 demonstrated live.',
        removed: ['  resources: [ 1 SA (50%), customer admin (20%), integration engineer (2 weeks) ]'],
        added: [expect.stringMatching(/^ {2}resources: \[ ?1 SA \(50%\) ?\]$/)],
      },
    ]);
  });

  // BUG 3: deleting a key or item that carries a comment always throws YamlEditError: verify()
  // demands that every comment of the original survives, including the deleted node's own.
  it.each<[string, Edit, string[]]>([
    [
      'a key with a trailing comment (meta.plan_type)',
      remove(['meta', 'plan_type']),
      ['# onboarding | expansion | renewal | recovery'],
    ],
    [
      'a sequence item with commented lines (risks[0])',
      remove(['risks', 0]),
      ['# shared with the customer', '# internal only'],
    ],
    ['a stakeholder with an "# internal only" comment', remove(['stakeholders', 1]), ['# internal only']],
  ])('deletes %s; only its own comments go', (_, edit, ownComments) => {
    const result = editYamlText(HAND_FORMATTED, [edit], OPTIONS);
    expect(dataOf(result)).toEqual(expectedData(HAND_FORMATTED, [edit]));
    expect(lostComments(HAND_FORMATTED, result).sort()).toEqual([...ownComments].sort());
  });

  // BUG 4: a key written with no value (`customer_context:` is null) is a missing map for
  // applyEditsToData (which creates it), but editYamlText falls back to doc.setIn, which throws a
  // plain Error "Expected YAML collection at customer_context" (not a YamlEditError), so the
  // command would fail with an internal error when a person fills in an empty section.
  it.each<[string, string, Edit]>([
    [
      'an empty section',
      '# context to come\ncustomer_context:\nstakeholders: []\n',
      set(['customer_context', 'industry'], 'Technology'),
    ],
    [
      'an explicit null with a comment',
      '# team\nmeta:\n  crm: null # later\n  owner: x\n',
      set(['meta', 'crm', 'source'], 'salesforce'),
    ],
  ])('sets a key under %s', (_, original, edit) => {
    const result = editYamlText(original, [edit], OPTIONS);
    expect(dataOf(result)).toEqual(expectedData(original, [edit]));
    expect(lostComments(original, result)).toEqual([]);
    expect(result.split('\n')[0]).toBe(original.split('\n')[0]);
  });

  // BUG 9 (found by the fuzz test, seed 1001): deleting the item of a
  // compact nested list (`- - null`) cut the whole line, outer dash included, so the outer item
  // went too. A later edit that replaced the whole list hid the wrong step, and the comment above
  // the next key, counted as the deleted list's, was lost without the verification noticing.
  const COMPACT =
    'yes:\n  key:colon:\n    - -6.4e-34\n    # above the item\n    - - null\n  # above due\n  due: true\n';
  it.each<[string, Edit[], string[]]>([
    ['the only item of a compact nested list', [remove(['yes', 'key:colon', 1, 0])], []],
    [
      'it, then the whole list replaced by a scalar',
      [remove(['yes', 'key:colon', 1, 0]), set(['yes', 'key:colon'], '@x')],
      ['# above the item'],
    ],
  ])("deletes %s and keeps the outer item and the next key's comment", (_, edits, gone) => {
    const result = editYamlText(COMPACT, edits);
    expect(dataOf(result)).toEqual(expectedData(COMPACT, edits));
    expect(lostComments(COMPACT, result)).toEqual(gone);
  });

  // BUG 10 (fuzz, seed 1003): `yaml` attaches the comments after a block map's last entry to the
  // map, even one at column 0 after a blank line, which is the next section's. Once the last
  // entry was deleted, replacing the map counted that comment as the map's and lost it (with the
  // blank line). Only comments in a node's own lines go with it now.
  const TRAILING =
    'u:\n  x-ext: # on the key\n    keep: []\n    # above last\n    last:\n      # inside\n      inner: 1\n\n# the next section\na:\n  due: 1\n';
  it.each<[string, Edit[]]>([
    ['the last entry deleted, then the map replaced', [remove(['u', 'x-ext', 'last']), set(['u', 'x-ext'], false)]],
    ['the map replaced', [set(['u', 'x-ext'], false)]],
  ])("keeps the next section's comment when %s", (_, edits) => {
    const result = editYamlText(TRAILING, edits);
    expect(dataOf(result)).toEqual(expectedData(TRAILING, edits));
    expect(result).toContain('\n\n# the next section\na:');
  });
});

describe('parseYamlFast bugs', () => {
  // BUG 5: YamlLimits.maxBytes is documented as "bytes of UTF-8 text" but precheck compares
  // text.length (UTF-16 code units): 8 characters that are 13 bytes pass a 10-byte cap.
  it('caps the size in UTF-8 bytes, not characters', () => {
    const text = 'a: ééééé';
    expect(Buffer.byteLength(text)).toBe(13);
    const { issues } = parseYamlFast(text, { ...DEFAULT_LIMITS, maxBytes: 10 });
    expect(issues.map((i) => i.code)).toEqual(['yaml-too-large']);
  });

  // BUG 6: deep nesting is reported as yaml-too-deep only between 65 and 100 levels; above 100,
  // js-yaml's own maxDepth error ("nesting exceeded maxDepth (100)") comes out as yaml-syntax.
  it('reports nesting deeper than js-yaml allows as yaml-too-deep', () => {
    const { issues } = parseYamlFast('a: ' + '['.repeat(150) + ']'.repeat(150));
    expect(issues.map((i) => i.code)).toEqual(['yaml-too-deep']);
  });

  // BUG 7: tooBig() gives every cap the alias hint, so a too-deep document is told "csp plans do
  // not need anchors and aliases", which says nothing about nesting.
  it('gives a too-deep document a hint about nesting, not about aliases', () => {
    const { issues } = parseYamlFast('a: ' + '['.repeat(70) + ']'.repeat(70));
    expect(issues[0].code).toBe('yaml-too-deep');
    expect(issues[0].hint).not.toMatch(/alias/);
  });

  // BUG 8: the read path (js-yaml CORE_SCHEMA) and the edit path (`yaml`, YAML 1.2 core) read some
  // plain scalars differently, so `csp validate` checks other data than `csp set`/`csp add` keep:
  // `-.5` and `+.5` are strings for js-yaml but numbers (YAML 1.2 floats) for yaml; `0b11` and
  // `+0x1` are numbers for js-yaml (YAML 1.1) but strings for yaml. E.g. `baseline: -.5` is
  // "no numeric baseline" to validation.
  it.each(['-.5', '+.5', '0b11', '+0x1'])('reads %s as the yaml package (YAML 1.2 core) does', (scalar) => {
    const text = `baseline: ${scalar}\n`;
    expect(parseYamlFast(text).data).toEqual(dataOf(text));
  });
});
