/**
 * The QBR deck as data and as files: the property every customer export has (no internal value,
 * however planted, reaches the customer deck in PowerPoint, including its speaker notes and chart
 * data, or in markdown and HTML), and the deck's sections from a known plan.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareExport } from '../../../src/export/document.js';
import type { Plan } from '../../../src/domain/plan.js';
import type { AccountPlan } from '../../../src/domain/types.gen.js';
import { buildQbr, EBR_SLIDES, EMPTY, parseQuarter, quarterOf, SLIDES, type QbrDeck } from '../../../src/export/qbr.js';
import { renderQbrPptx } from '../../../src/export/qbr-pptx.js';
import {
  blockHeight,
  deckPages,
  paginate,
  renderQbrHtml,
  renderQbrMarkdown,
  type Block,
} from '../../../src/export/qbr-text.js';
import { redact } from '../../../src/export/redact.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import { exportPlan, EXPORT_PROVENANCE, FIXTURE_PLAN } from '../../helpers/export-plan.js';
import { readPptx } from '../../helpers/pptx.js';
import { leakedTokens, plantSecrets } from '../../helpers/secret-plans.js';

const quarter = parseQuarter('2026-Q4');
const VISIBLE = 'qzvisible123x';
const VISIBLE_AP = 'qzvisibleap456y';

/** An approved FY2026 account plan (the EBR's strategic direction and roadmap read it). */
function accountPlan(): AccountPlan {
  return {
    schema_version: 1,
    account: 'techcorp-industries',
    account_name: 'TechCorp Industries',
    fiscal_year: 'FY2026',
    status: 'approved',
    created_by: 'Priya Natarajan',
    created: '2026-01-10',
    executive_summary: `Consolidate on one platform this year ${VISIBLE_AP}.`,
    business_context: { industry: 'Technology', competitive_landscape: 'Incumbent discounting hard' },
    strategic_objectives: [
      {
        id: 'so-1',
        objective: 'One system of record for customer health',
        rationale: 'The FY27 planning cycle needs it',
        success_metrics: [{ metric: 'Accounts with a health score', current: 40, target: 100, unit: 'percent' }],
        quarterly_milestones: [
          { quarter: 'Q3', milestone: 'Sandbox signed off', done: true },
          { quarter: 'Q4', milestone: 'Health scores for every account', done: false },
        ],
      },
    ],
  } as unknown as AccountPlan;
}

/** The fixture plan with `milestones` more milestones due next quarter (2027-Q1) and `risks` more open risks. */
function longPlan(milestones: number, risks: number): Plan {
  const plan = exportPlan(FIXTURE_PLAN);
  const phase = plan.adoption_journey!.phases!.at(-1)!;
  for (let i = 1; i <= milestones; i++)
    phase.milestones!.push({
      id: `ms-${100 + i}`,
      title: `Long-list milestone ${String(i).padStart(2, '0')} rolling out workflow ${i} to the regional team`,
      due: `2027-0${1 + (i % 3)}-${String(1 + (i % 27)).padStart(2, '0')}`,
      owner: 'sh-1',
      status: 'not_started',
    } as never);
  for (let i = 1; i <= risks; i++)
    plan.risks!.push({
      id: `rk-${100 + i}`,
      title: `Long-list risk ${String(i).padStart(2, '0')}`,
      probability: 'low',
      impact: 'medium',
      mitigation: `Mitigation ${i}: weekly check-in with the admin team`,
      owner: 'sh-3',
      status: 'open',
    } as never);
  return plan;
}

describe('the customer QBR and EBR decks never hold an internal value (property)', () => {
  it('in PowerPoint (slides, notes, charts, properties), markdown and HTML; the EBR also from the account plan', {
    timeout: 180_000,
  }, async () => {
    const schema = loadSchema('csp');
    const apSchema = loadSchema('account_plan');
    await fc.assert(
      fc.asyncProperty(fc.gen(), fc.constantFrom('qbr' as const, 'ebr' as const), async (g, kind) => {
        const { plan, tokens } = plantSecrets(exportPlan(FIXTURE_PLAN), schema, g);
        plan.risks![0].mitigation = `${plan.risks![0].mitigation} ${VISIBLE}`;
        plan.risks![0].owner = 'sh-1';
        // The account plan gets secrets in every internal field its own schema marks.
        const planted = plantSecrets(accountPlan() as unknown as Plan, apSchema, g);
        tokens.push(...planted.tokens);
        const ap = redact(planted.plan as unknown as AccountPlan, apSchema, 'customer').data;
        const view = prepareExport(plan, schema, 'customer', EXPORT_PROVENANCE).view;
        const deck = buildQbr({ view, quarter, kind, accountPlan: ap });
        const pptx = await readPptx(await renderQbrPptx(deck));
        expect(leakedTokens(pptx.all, tokens), 'pptx leaked').toEqual([]);
        expect(leakedTokens(renderQbrMarkdown(deck), tokens), 'md leaked').toEqual([]);
        expect(leakedTokens(renderQbrHtml(deck), tokens), 'html leaked').toEqual([]);
        // Not vacuous: a customer-visible value planted the same way (a risk's mitigation) is read back from the slides and the notes.
        expect(pptx.slides.join(' ')).toContain(VISIBLE);
        expect(pptx.notes.join(' ')).toContain(VISIBLE);
        if (kind === 'ebr') expect(pptx.slides.join(' ')).toContain(VISIBLE_AP);
      }),
      { numRuns: 30, seed: 16 },
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
      view: prepareExport(plan, loadSchema('csp'), 'internal', EXPORT_PROVENANCE).view,
      quarter,
    });
    const measured = deck.value.filter((v) => v.percent !== null);
    expect(measured.length).toBeGreaterThan(0);
    for (const v of measured) expect(v.current).toMatch(/\(\d{4}-\d{2}-\d{2}\)$/);
    expect(JSON.stringify(deck.risks)).not.toContain('reorg rumoured');
    expect(renderQbrMarkdown(deck)).not.toContain('reorg rumoured');
  });
});

describe('the EBR deck', () => {
  const view = (audience: 'customer' | 'internal', plan = exportPlan(FIXTURE_PLAN)) =>
    prepareExport(plan, loadSchema('csp'), audience, EXPORT_PROVENANCE).view;
  const signals = {
    signals: [
      { date: '2026-09-30', values: { active_users: 30, licensed_users: 60, nps: 7.5, arr_usd: 250000 } },
      { date: '2026-11-15', values: { active_users: 45, licensed_users: 60, nps: 8.25 } },
    ],
  };

  it('has the EBR sections the QBR lacks, in the template order, each from the plan, signals, decisions and account plan', async () => {
    const deck = buildQbr({
      view: view('customer'),
      quarter,
      kind: 'ebr',
      signals,
      accountPlan: accountPlan(),
      decisions: [
        { id: 'dec-1', date: '2026-07-10', decision: 'Standardise on one CS platform', decided_by: 'sh-1' },
      ] as never,
    });
    expect(deck.title).toBe('Executive Business Review: TechCorp Industries');
    expect(deckPages(deck).map((p) => p.title)).toEqual(EBR_SLIDES.map((s) => s.title));
    const e = deck.ebr!;
    expect(e.quarters).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(Object.fromEntries(e.partnership)).toMatchObject({
      'Licensed seats': '60',
      'Active users': '45',
      'Renewal date': '2027-11-30 (373 days remaining)',
    });
    // The customer deck: no health score, NPS or ARR.
    expect(e.partnership.map(([k]) => k).join(' ')).not.toMatch(/Health|NPS|ARR/);
    expect(e.priorities.map((p) => p.priority)).toContain('One system of record for customer health');
    expect(e.priorities.find((p) => p.priority.startsWith('Reach 80%'))?.alignment).toBe('Weak');
    expect(e.direction.join('\n')).toContain('Consolidate on one platform');
    // Decisions over the four quarters, not only this one.
    expect(e.direction.join('\n')).toContain('2026-07-10: Standardise on one CS platform (Sarah Chen)');
    expect(e.annual.find((a) => a.name === 'QBR prep time')).toMatchObject({
      quarters: ['', '', '', '1.5 days'],
      change: '-1.5 days',
    });
    expect(e.sponsors.map((s) => [s.name, s.owns])).toEqual([
      ['Sarah Chen', 'obj-1, obj-2, 2 open milestones'],
      ['Marcus Webb', 'obj-3, 2 open milestones'],
    ]);
    expect(e.sponsorGaps).toContain('No customer executive sponsor recorded.');
    expect(e.phases).toHaveLength(3);
    expect(e.planMilestones).toEqual([
      {
        quarter: 'FY2026 Q4',
        milestone: 'Health scores for every account',
        objective: 'One system of record for customer health',
        state: 'Open',
      },
    ]);
    expect(e.asks.at(-1)).toEqual({ ask: 'Attend the next executive review', owner: '', due: '2027-03-15' });
    const md = renderQbrMarkdown(deck);
    for (const s of EBR_SLIDES) expect(md).toContain(`## ${s.title}`);
    expect(md).not.toContain('$250,000');
  });

  it("the team's EBR adds health, NPS and ARR to the partnership summary; a section without data says so in one line", () => {
    const internal = buildQbr({ view: view('internal'), quarter, kind: 'ebr', signals });
    const facts = Object.fromEntries(internal.ebr!.partnership);
    expect(facts['Current ARR']).toBe('$250,000');
    expect(facts['NPS (internal)']).toBe('8.25');
    const bare = exportPlan(FIXTURE_PLAN);
    bare.stakeholders = bare.stakeholders!.filter((s) => s.side === 'vendor');
    bare.value_tracking!.metrics = [];
    const deck = buildQbr({ view: view('customer', bare), quarter, kind: 'ebr' });
    const md = renderQbrMarkdown(deck);
    const section = (title: string) => md.split(`## ${title}`)[1].split('\n## ')[0].split('> **Talking')[0].trim();
    expect(section('Executive sponsor alignment')).toBe(EMPTY.sponsors);
    expect(section('Value over the last four quarters')).toBe(EMPTY.annual);
  });
});

describe('long tables continue on the next slide (never cut)', () => {
  it('25 more milestones and 20 more risks: every row on some slide, in order, titled "(n of N)", in pptx, markdown and HTML alike', async () => {
    for (const kind of ['qbr', 'ebr'] as const) {
      const deck = buildQbr({
        view: prepareExport(longPlan(25, 20), loadSchema('csp'), 'customer', EXPORT_PROVENANCE).view,
        quarter,
        kind,
      });
      expect(deck.next.length).toBeGreaterThanOrEqual(25);
      expect(deck.risks).toHaveLength(21);
      const pages = deckPages(deck);
      const riskPages = pages.filter((p) => p.id === 'risks');
      expect(riskPages.length).toBeGreaterThan(1);
      riskPages.forEach((p, i) => expect(p.title).toBe(`Risks and mitigations (${i + 1} of ${riskPages.length})`));
      const pptx = await readPptx(await renderQbrPptx(deck));
      const md = renderQbrMarkdown(deck);
      const html = renderQbrHtml(deck);
      expect(pptx.slides).toHaveLength(1 + pages.length);
      for (const text of [pptx.slides.join('\n'), md, html]) {
        expect(text).not.toMatch(/and \d+ more/);
        for (const r of deck.risks) expect(text).toContain(r.title);
        if (kind === 'qbr') for (const m of deck.next) expect(text).toContain(m.title);
        expect(text).toContain(`Risks and mitigations (${riskPages.length} of ${riskPages.length})`);
      }
      // In order across the slides.
      const order = deck.risks.map((r) => pptx.slides.join('\n').indexOf(r.title));
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      if (kind === 'qbr') {
        const milestonePages = pages.filter((p) => p.id === 'milestones');
        expect(milestonePages.length).toBeGreaterThan(1);
        expect(pptx.slides.some((s) => s.includes(`Milestones (2 of ${milestonePages.length})`))).toBe(true);
        // The talking points go with the first page of a slide only.
        expect(md.split('## Milestones (2 of')[1].split('\n## ')[0]).not.toContain('Talking points');
      }
    }
  });

  it('paginate keeps every row exactly once, repeats the header, and fills no page past its height (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('table' as const),
              headers: fc.constant(['Name', 'Due', 'Owner']),
              rows: fc.array(
                fc.tuple(fc.string({ maxLength: 120 }), fc.string({ maxLength: 12 }), fc.string({ maxLength: 20 })),
                {
                  maxLength: 40,
                },
              ),
            }),
            fc.record({ kind: fc.constant('line' as const), text: fc.string({ maxLength: 60 }) }),
            fc.record({
              kind: fc.constant('bullets' as const),
              items: fc.array(fc.string({ maxLength: 200 }), { minLength: 1, maxLength: 30 }),
            }),
          ),
          { maxLength: 6 },
        ),
        (blocks) => {
          const height = 5.6;
          const pages = paginate(blocks as Block[], 12.33, height);
          const flat = (bs: Block[]) =>
            bs.flatMap((b) =>
              b.kind === 'table'
                ? b.rows.map((r) => r.join('|'))
                : b.kind === 'bullets'
                  ? b.items
                  : [b.kind === 'line' ? b.text : ''],
            );
          expect(pages.flatMap((p) => flat(p))).toEqual(flat(blocks as Block[]));
          for (const page of pages) {
            const used = page.reduce((h, b) => h + blockHeight(b, 12.33), 0);
            const single = page.length === 1 && (page[0].kind !== 'table' ? true : page[0].rows.length <= 1);
            if (!single) expect(used).toBeLessThanOrEqual(height + 1e-9);
            for (const b of page) if (b.kind === 'table') expect(b.headers).toEqual(['Name', 'Due', 'Owner']);
          }
        },
      ),
      { numRuns: 200, seed: 16 },
    );
  });

  it('a QBR of the fixture plan keeps one slide per section', () => {
    const deck = buildQbr({
      view: prepareExport(exportPlan(FIXTURE_PLAN), loadSchema('csp'), 'customer', EXPORT_PROVENANCE).view,
      quarter,
    });
    expect(deckPages(deck).map((p) => p.title)).toEqual(SLIDES.map((s) => s.title));
  });
});
