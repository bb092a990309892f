/**
 * The schemas as data: generated types are fresh, internal fields are marked in the schema (SPEC
 * "The CSP document": visibility), key order and subschemas by path (src/schema/walk.ts), and
 * which file is which document (src/schema/documents.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../../scripts/gen-types.mjs';
import { SCHEMA_FILES, docKindOf, type DocKind } from '../../../src/schema/documents.js';
import { PACKAGE_ROOT, loadSchema, readSchemaText, type JsonSchema } from '../../../src/schema/schemas.js';
import { deref, keyOrderAt, schemaAt } from '../../../src/schema/walk.js';
import { createAjv } from '../../../src/schema/ajv-setup.js';
import { REPO_ROOT } from '../helpers/plans.js';

describe('generated types', () => {
  it('src/domain/types.gen.ts is what scripts/gen-types.mjs generates from schemas/ (run `npm run gen:types`)', async () => {
    const fresh: string = await generateTypes();
    expect(fresh).toBe(readFileSync(join(REPO_ROOT, 'src/domain/types.gen.ts'), 'utf8'));
  }, 30_000);
});

describe('the schema files', () => {
  it.each(Object.entries(SCHEMA_FILES))(
    '%s: %s is draft-07, compiles in strict mode, and its $id names its file',
    (kind, file) => {
      const schema = loadSchema(kind as DocKind);
      expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(schema.$id).toBe(`https://csp.dev/schemas/${file}`);
      expect(() => createAjv().compile(schema)).not.toThrow();
      expect(JSON.parse(readSchemaText(kind as DocKind))).toEqual(schema);
    },
  );

  it('PACKAGE_ROOT is the repository root', () => {
    expect(PACKAGE_ROOT).toBe(REPO_ROOT);
  });
});

describe('visibility is declared in the schema', () => {
  /** Every path whose schema says x-visibility: internal. */
  function internalPaths(root: JsonSchema, node: JsonSchema | undefined, path: string, seen: Set<string>): string[] {
    const n = deref(root, node);
    if (!n || seen.has(path)) return [];
    const out = n['x-visibility'] === 'internal' ? [path] : [];
    const props = (n.properties ?? {}) as Record<string, JsonSchema>;
    for (const [k, v] of Object.entries(props))
      out.push(...internalPaths(root, v, `${path}/${k}`, new Set([...seen, path])));
    if (n.items) out.push(...internalPaths(root, n.items as JsonSchema, `${path}/*`, new Set([...seen, path])));
    return out;
  }

  it('csp: the internal assessment, the risk analysis, the handoff and the internal notes (SPEC table), the AI generation records, and the commercial fields', () => {
    const csp = loadSchema('csp');
    expect(internalPaths(csp, csp, '', new Set()).sort()).toEqual([
      '/handoff',
      '/internal_notes',
      '/meta/approvals',
      '/meta/arr_usd',
      '/meta/closed_won_date',
      '/meta/crm/account_id',
      '/meta/crm/opportunity_id',
      '/meta/crm/opportunity_name',
      '/meta/crm/raw_stage',
      '/meta/crm/source',
      '/meta/crm/synced',
      '/meta/generation',
      '/meta/imported',
      '/meta/opportunity_stage',
      '/meta/sa_validated_evaluation',
      '/meta/stage2_date',
      '/meta/strategic',
      '/risks/*/analysis',
      '/stakeholders/*/internal_assessment',
    ]);
  });

  it('risk_register: the analysis', () => {
    const rr = loadSchema('risk_register');
    expect(internalPaths(rr, rr, '', new Set())).toEqual(['/risks/*/analysis']);
  });
});

describe('walk: schemaAt and keyOrderAt', () => {
  const csp = loadSchema('csp');

  it.each([
    [
      [],
      [
        'schema_version',
        'meta',
        'customer_context',
        'stakeholders',
        'business_outcomes',
        'success_criteria',
        'technical_evaluation',
        'adoption_journey',
        'risks',
        'value_tracking',
        'governance',
        'handoff',
        'internal_notes',
      ],
    ],
    [
      ['meta', 'owner'],
      ['name', 'role', 'email'],
    ],
    [
      ['stakeholders', 0],
      [
        'id',
        'name',
        'title',
        'email',
        'side',
        'role',
        'engagement',
        'relationship_score',
        'internal_assessment',
        'crm_contact_id',
        'left',
        'ai_generated',
        'ai_confidence',
      ],
    ],
    [
      ['adoption_journey', 'phases', 3, 'milestones', 0],
      ['id', 'title', 'due', 'owner', 'status', 'completed', 'deliverable', 'major', 'ai_generated', 'ai_confidence'],
    ],
    [['governance', 'raci', 0], ['activity']],
    [['meta', 'arr_usd'], undefined],
    [['nothing'], undefined],
  ] as const)('keyOrderAt %j', (path, keys) => {
    expect(keyOrderAt(csp, path)).toEqual(keys);
  });

  it.each([
    [['meta', 'plan_end'], { type: 'string', format: 'date' }],
    [['meta', 'last_customer_review'], { type: ['string', 'null'], format: 'date' }],
    [['stakeholders', 4, 'internal_assessment'], { type: 'string', 'x-visibility': 'internal' }],
    [['governance', 'raci', 0, 'csm'], { type: 'string', enum: ['R', 'A', 'C', 'I', 'R/A', 'A/R', '-'] }],
    [['risks', 0, 'probability'], { type: 'string', enum: ['high', 'medium', 'low'] }],
  ] as const)('schemaAt %j resolves $refs and keeps annotations beside them', (path, expected) => {
    expect(schemaAt(csp, path)).toMatchObject(expected);
  });

  it.each([[['meta', 'nothing']], [['meta', 'arr_usd', 'deeper']], [['stakeholders', 'sh-1']]])(
    'schemaAt %j is undefined',
    (path) => {
      expect(schemaAt(csp, path)).toBeUndefined();
    },
  );

  it('deref leaves non-local refs alone and stops on a cycle', () => {
    expect(deref(csp, { $ref: 'https://example.com/x.json' })).toEqual({ $ref: 'https://example.com/x.json' });
    const loop: JsonSchema = { definitions: { a: { $ref: '#/definitions/a' } } };
    expect(deref(loop, { $ref: '#/definitions/a' })).toEqual({ $ref: '#/definitions/a' });
  });
});

describe('docKindOf', () => {
  it.each([
    ['infohub/acme/success_plan/csp.yaml', 'csp'],
    ['acme/success_plan/csp.yaml', 'csp'],
    ['C:\\hub\\acme\\success_plan\\csp.yaml', 'csp'],
    ['acme/success_plan/csp_history/csp_v3_2026-11-22.yaml', 'csp'],
    ['acme/action_tracker.yaml', 'action_tracker'],
    ['acme/risk_register.yaml', 'risk_register'],
    ['acme/decision_log.yaml', 'decision_log'],
    ['infohub/.csp.yaml', 'config'],
    ['acme/csp.yaml', null],
    ['acme/success_plan/csp_history/csp_v3.yaml', null],
    ['acme/success_plan/csp_history/notes.yaml', null],
    ['playbooks/onboarding.yaml', null],
    ['acme/success_plan/csp.yml', null],
  ])('%s -> %s', (path, kind) => {
    expect(docKindOf(path)).toBe(kind);
  });
});
