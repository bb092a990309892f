/**
 * The QBR deck as data and as files: the property every customer export has (no internal value,
 * however planted, reaches the customer deck in PowerPoint, including its speaker notes and chart
 * data, or in markdown and HTML), and the deck's sections from a known plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareExport } from '../../../src/export/document.js';
import { buildQbr, parseQuarter, quarterOf, type QbrDeck } from '../../../src/export/qbr.js';
import { renderQbrPptx } from '../../../src/export/qbr-pptx.js';
import { renderQbrHtml, renderQbrMarkdown } from '../../../src/export/qbr-text.js';
import type { Provenance } from '../../../src/export/view.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import { exportPlan, FIXTURE_PLAN } from '../../helpers/export-plan.js';
import { readPptx } from '../../helpers/pptx.js';
import { leakedTokens, plantSecrets } from '../../helpers/secret-plans.js';

const provenance: Provenance = {
  generatedOn: '2026-11-22',
  version: 2,
  commit: 'abc1234',
  uncommitted: false,
  inGit: true,
};
const quarter = parseQuarter('2026-Q4');
const VISIBLE = 'qzvisible123x';

describe('the customer QBR deck never holds an internal value (property)', () => {
  it('in PowerPoint (slides, notes, charts, properties), markdown and HTML', { timeout: 120_000 }, async () => {
    const schema = loadSchema('csp');
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const { plan, tokens } = plantSecrets(exportPlan(FIXTURE_PLAN), schema, g);
        plan.risks![0].mitigation = `${plan.risks![0].mitigation} ${VISIBLE}`;
        plan.risks![0].owner = 'sh-1';
        const deck = buildQbr({ view: prepareExport(plan, schema, 'customer', provenance).view, quarter });
        const pptx = await readPptx(await renderQbrPptx(deck));
        expect(leakedTokens(pptx.all, tokens), 'pptx leaked').toEqual([]);
        expect(leakedTokens(renderQbrMarkdown(deck), tokens), 'md leaked').toEqual([]);
        expect(leakedTokens(renderQbrHtml(deck), tokens), 'html leaked').toEqual([]);
        // Not vacuous: a customer-visible value planted the same way (a risk's mitigation) is read back from the slides and the notes.
        expect(pptx.slides.join(' ')).toContain(VISIBLE);
        expect(pptx.notes.join(' ')).toContain(VISIBLE);
      }),
      { numRuns: 25 },
    );
  });
});

describe('the QBR deck', () => {
  it('reads quarters and refuses anything else', () => {
    expect(parseQuarter('2027-Q1')).toEqual({ label: '2027-Q1', start: '2027-01-01', end: '2027-03-31' });
    expect(quarterOf('2026-11-22')).toEqual({ label: '2026-Q4', start: '2026-10-01', end: '2026-12-31' });
    expect(parseQuarter('2028-q1').end).toBe('2028-03-31');
    for (const bad of ['2027-Q0', '2027-Q5', '27-Q1', 'Q1', '']) expect(() => parseQuarter(bad)).toThrow(/YYYY-Qn/);
  });

  it('value delivered: baseline -> current (latest measurement by the review date) -> target with the change; risks never carry the analysis', () => {
    const plan = exportPlan(FIXTURE_PLAN);
    const deck: QbrDeck = buildQbr({
      view: prepareExport(plan, loadSchema('csp'), 'internal', provenance).view,
      quarter,
    });
    const measured = deck.value.filter((v) => v.percent !== null);
    expect(measured.length).toBeGreaterThan(0);
    for (const v of measured) expect(v.current).toMatch(/\(\d{4}-\d{2}-\d{2}\)$/);
    expect(JSON.stringify(deck.risks)).not.toContain('reorg rumoured');
    expect(renderQbrMarkdown(deck)).not.toContain('reorg rumoured');
  });
});
