import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareExport, renderText } from '../../../src/export/document.js';
import { loadSchema, type JsonSchema } from '../../../src/schema/schemas.js';
import { validateSchema } from '../../../src/schema/validate.js';
import { exportPlan, EXPORT_PROVENANCE, FIXTURE_PLAN } from '../../helpers/export-plan.js';
import { leakedTokens, plantSecrets } from '../../helpers/secret-plans.js';

// The PDF format gets the same property, with fewer runs, in tests/e2e/export-pdf.test.ts.
const FORMATS = ['md', 'html', 'json'] as const;
// Property tests run many plans: give them room on a loaded machine.
const SLOW = { timeout: 60_000 };

function check(schema: JsonSchema, runs: number): Promise<void> {
  return fc.assert(
    fc.asyncProperty(fc.gen(), async (g) => {
      const { plan, tokens } = plantSecrets(exportPlan(FIXTURE_PLAN), schema, g);
      expect(await validateSchema('csp', plan)).toEqual([]);
      for (const format of FORMATS) {
        const customer = renderText(prepareExport(plan, schema, 'customer', EXPORT_PROVENANCE), format);
        expect(leakedTokens(customer, tokens), `${format} leaked`).toEqual([]);
      }
      // Not vacuous: every secret is in the internal JSON export.
      expect(
        leakedTokens(renderText(prepareExport(plan, schema, 'internal', EXPORT_PROVENANCE), 'json'), tokens),
      ).toEqual(tokens);
    }),
    { numRuns: runs },
  );
}

describe('the customer export never holds an internal value (property)', () => {
  it('with the shipped schema, in markdown, HTML and JSON', SLOW, () => check(loadSchema('csp'), 120));

  it('with fields newly annotated internal in a copy of the schema: no code change needed', SLOW, async () => {
    const schema = structuredClone(loadSchema('csp')) as JsonSchema & { definitions: Record<string, any> };
    schema.definitions.customerContext.properties.background['x-visibility'] = 'internal';
    schema.definitions.milestone.properties.deliverable['x-visibility'] = 'internal';
    schema.definitions.successCriterion.properties.measurement['x-visibility'] = 'internal';
    schema.definitions.governance.properties.customer_reviews.items.properties.notes['x-visibility'] = 'internal';
    await check(schema, 60);
  });

  it('shows the internal fields to the team (markdown and HTML render them)', SLOW, () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const { plan } = plantSecrets(exportPlan(FIXTURE_PLAN), loadSchema('csp'), g);
        for (const format of ['md', 'html'] as const) {
          const internal = renderText(prepareExport(plan, loadSchema('csp'), 'internal', EXPORT_PROVENANCE), format);
          const rendered = [
            ...(plan.stakeholders ?? []).map((s) => s.internal_assessment),
            ...(plan.risks ?? []).map((r) => r.analysis),
            plan.internal_notes?.competitive_context,
            plan.handoff?.notes,
          ];
          const tokens = rendered.flatMap((t) => (t ? [/qz[a-z0-9]{10}x/.exec(t)![0]] : []));
          expect(leakedTokens(internal, tokens)).toEqual(tokens);
        }
      }),
      { numRuns: 30 },
    );
  });
});
