import { describe, expect, it } from 'vitest';
import { prepareExport, renderText, pdfFooter, formatOfPath } from '../../../src/export/document.js';
import { ganttSvg } from '../../../src/export/gantt-svg.js';
import { progressBar } from '../../../src/export/markdown.js';
import {
  buildTimeline,
  formatNumber,
  metricProgress,
  provenanceText,
  raciGrid,
  type Provenance,
} from '../../../src/export/view.js';
import type { Plan } from '../../../src/domain/plan.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import { exportPlan, FIXTURE_PLAN } from '../../helpers/export-plan.js';

const schema = loadSchema('csp');
const provenance: Provenance = {
  generatedOn: '2026-11-22',
  version: 3,
  commit: '1a2b3c4',
  uncommitted: false,
  inGit: true,
};
const render = (plan: Plan, format: 'md' | 'html' | 'json', audience: 'customer' | 'internal' = 'customer') =>
  renderText(prepareExport(plan, schema, audience, provenance), format);

describe('metricProgress', () => {
  it.each([
    ['half way up', { baseline: 0, target: 80, measurements: [{ date: '2026-11-01', value: 40 }] }, 50, 40],
    [
      'down is progress when the target is lower',
      {
        baseline: 3,
        target: 0.5,
        measurements: [
          { date: '2026-11-15', value: 1.5 },
          { date: '2026-10-15', value: 2.5 },
        ],
      },
      60,
      1.5,
    ],
    ['no measurement: at the baseline', { baseline: 3, target: 1 }, 0, undefined],
    [
      'past the target is clamped',
      { baseline: 0, target: 10, measurements: [{ date: '2026-11-01', value: 15 }] },
      100,
      15,
    ],
    [
      'worse than the baseline is clamped',
      { baseline: 10, target: 20, measurements: [{ date: '2026-11-01', value: 5 }] },
      0,
      5,
    ],
    ['text baseline: not measurable', { baseline: 'manual', target: 'automatic' }, null, undefined],
    ['baseline equals target and reached', { baseline: 5, target: 5 }, 100, undefined],
  ])('%s', (_, fields, percent, latest) => {
    const m = metricProgress({ id: 'vm-1', name: 'm', ...fields } as never);
    expect(m.percent).toBe(percent);
    expect(m.latest?.value).toBe(latest);
  });

  it('draws a text bar for markdown', () => {
    expect(
      progressBar(
        metricProgress({
          id: 'vm-1',
          name: 'm',
          baseline: 0,
          target: 10,
          measurements: [{ date: '2026-01-01', value: 3 }],
        }),
      ),
    ).toBe('▓▓▓░░░░░░░ 30%');
  });
});

describe('timeline and RACI', () => {
  it('takes phases as bars and milestones as points, filling a missing phase date from its milestones', () => {
    const plan = exportPlan(FIXTURE_PLAN);
    plan.adoption_journey!.phases![2].end = undefined;
    plan.adoption_journey!.phases!.push({ id: 'ph-4', name: 'Undated' });
    const t = buildTimeline(plan);
    expect(t.range).toEqual({ from: '2026-12-01', to: '2027-05-31' });
    expect(t.sections.map((s) => s.bar)).toEqual([
      { start: '2026-12-01', end: '2026-12-07' },
      { start: '2026-12-08', end: '2027-01-05' },
      { start: '2027-01-06', end: '2027-05-31' },
      undefined,
    ]);
    expect(t.sections[1].milestones.map((m) => [m.id, m.owner])).toEqual([
      ['ms-2', 'Marcus Webb'],
      ['ms-3', 'Sarah Chen'],
    ]);
  });

  it('builds the RACI grid with roles in order of first use', () => {
    const plan = exportPlan(FIXTURE_PLAN);
    plan.governance!.raci!.push({ activity: 'Renewal', ae: 'A' } as never);
    const grid = raciGrid(plan);
    expect(grid.roles).toEqual(['customer_exec', 'customer_admin', 'csm', 'support', 'ae']);
    expect(grid.rows[2]).toEqual({ activity: 'Renewal', cells: ['', '', '', '', 'A'] });
  });

  it('draws one bar per dated phase and one diamond per milestone in the SVG', () => {
    const svg = ganttSvg(buildTimeline(exportPlan(FIXTURE_PLAN)), '2026-12-15')!.html;
    expect(svg.match(/fill="#3f6fc6"/g)).toHaveLength(3);
    expect(svg.match(/<path d="M/g)).toHaveLength(5);
    expect(svg).toContain('stroke="#d84315"'); // the export date marker, inside the range
    expect(ganttSvg({ sections: [] })).toBeUndefined();
  });
});

describe('provenance', () => {
  it.each<[Partial<Provenance>, string]>([
    [{}, 'Version 3 · 2026-11-22 · commit 1a2b3c4'],
    [{ uncommitted: true }, 'Version 3 · 2026-11-22 · uncommitted changes on top of commit 1a2b3c4'],
    [
      { version: null, commit: null, uncommitted: true },
      'Draft (no snapshot yet) · 2026-11-22 · uncommitted changes (no commit yet)',
    ],
    [{ inGit: false, commit: null }, 'Version 3 · 2026-11-22 · not in git'],
  ])('%j', (p, text) => expect(provenanceText({ ...provenance, ...p })).toBe(text));

  it('is printed at the top of markdown and HTML, and in JSON and the PDF footer', () => {
    const plan = exportPlan(FIXTURE_PLAN);
    expect(render(plan, 'md')).toContain('Version 3 · 2026-11-22 · commit 1a2b3c4');
    expect(render(plan, 'html')).toContain('<p class="provenance">Version 3 · 2026-11-22 · commit 1a2b3c4</p>');
    expect(JSON.parse(render(plan, 'json'))['x-export']).toMatchObject({
      audience: 'customer',
      generated_on: '2026-11-22',
      version: 3,
      commit: '1a2b3c4',
    });
    expect(pdfFooter(prepareExport(plan, schema, 'internal', provenance).view)).toBe(
      'TechCorp Industries · Customer Success Plan · Version 3 · 2026-11-22 · INTERNAL',
    );
  });

  it.each([
    ['plan.md', 'md'],
    ['x/plan.HTML', 'html'],
    ['plan.htm', 'html'],
    ['plan.pdf', 'pdf'],
    ['plan.json', 'json'],
    ['plan.txt', undefined],
  ])('format of %s is %s', (path, format) => expect(formatOfPath(path)).toBe(format));
});

describe('the documents', () => {
  it('show the shared sections, with the internal ones only for the team', () => {
    const plan = exportPlan(FIXTURE_PLAN);
    const customer = render(plan, 'md');
    for (const heading of [
      '## Customer context',
      '## Stakeholders',
      '## Business outcomes',
      '## Success criteria',
      '## Technical evaluation',
      '## Adoption journey',
      '## Value tracking',
      '## Risks and mitigations',
      '## Joint responsibilities (RACI)',
      '## Sign-off',
    ]) {
      expect(customer).toContain(heading);
    }
    expect(customer).toContain('Quarterly executive briefing with the CTO from Q1');
    expect(customer).not.toMatch(
      /## Handoff|## Internal notes|INTERNAL|Strong advocate|CTO leans|Incumbent offered|Multi-year option|250,000/,
    );
    const internal = render(plan, 'md', 'internal');
    expect(internal).toMatch(/INTERNAL: this export holds/);
    for (const text of [
      'Strong advocate',
      'CTO leans to the incumbent',
      'Incumbent offered a 30% discount',
      'Multi-year option at 8% uplift',
      '## Handoff (internal)',
      '$250,000',
    ])
      expect(internal).toContain(text);
  });

  it('draws progress bars and the RACI grid in HTML', () => {
    const page = render(exportPlan(FIXTURE_PLAN), 'html');
    expect(page).toContain('<div class="fill" style="width:60%"></div>');
    expect(page).toContain('<td class="raci-a">A</td>');
    expect(page).toMatch(/<svg class="gantt"/);
  });

  it('is one self-contained HTML file: no script, no external resource, a CSP that forbids them', () => {
    const page = render(exportPlan(FIXTURE_PLAN), 'html');
    expect(page).not.toMatch(/<script|<link|<img|<iframe|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    expect(page).toContain(
      '<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:; base-uri &#39;none&#39;; form-action &#39;none&#39;">',
    );
    expect(page).toMatch(/@media print/);
  });
});

describe('hostile text in a plan', () => {
  const hostile = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(2)>',
    '# Heading injection',
    '| a | b |',
    '[phish](javascript:alert(3))',
    '```',
    '--- ',
  ];
  const poisoned = (): Plan => {
    const plan = exportPlan(FIXTURE_PLAN);
    const pick = (i: number) => hostile[i % hostile.length];
    plan.meta.account_name = `Acme ${pick(0)}`;
    plan.customer_context!.background = hostile.join('\n');
    plan.stakeholders![0].name = pick(1);
    plan.stakeholders![0].title = pick(3);
    plan.business_outcomes!.objectives![0].statement = pick(2);
    plan.success_criteria![0].criterion = pick(4);
    plan.adoption_journey!.phases![0].name = pick(0);
    plan.adoption_journey!.phases![0].milestones![0].title = `${pick(5)} ${pick(1)}`;
    plan.risks![0].mitigation = pick(3);
    plan.governance!.raci![0].activity = pick(0);
    (plan.governance!.raci![0] as Record<string, string>)['<b>role</b>'] = 'R';
    plan.value_tracking!.metrics![0].name = pick(1);
    return plan;
  };

  it('never lets markup through to the HTML', () => {
    const page = render(poisoned(), 'html');
    expect(page).not.toMatch(/<script|<img|<b>role/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(2)&gt;');
  });

  it('never lets markup or markdown structure through to the markdown', () => {
    const clean = render(exportPlan(FIXTURE_PLAN), 'md');
    const doc = render(poisoned(), 'md');
    expect(doc).not.toMatch(/<script|<img|<b>/i);
    expect(doc).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(doc).toContain('\\[phish\\](javascript:alert(3))');
    const headings = (s: string) => s.split('\n').filter((l) => /^#{1,6} /.test(l)).length;
    expect(headings(doc)).toBe(headings(clean));
    const rules = (s: string) => s.split('\n').filter((l) => /^(-{3,}|\*{3,}|_{3,})\s*$/.test(l)).length;
    expect(rules(doc)).toBe(rules(clean));
    // Every table row has as many unescaped pipes as its header.
    const pipes = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    const lines = doc.split('\n');
    lines.forEach((line, i) => {
      if (line.startsWith('|') && i > 0 && lines[i - 1].startsWith('|')) expect(pipes(line)).toBe(pipes(lines[i - 1]));
    });
    // The Mermaid block holds exactly one fence pair.
    const mermaid = doc.slice(doc.indexOf('```mermaid'));
    expect(mermaid.slice(3).indexOf('```')).toBeGreaterThan(0);
    expect(mermaid.slice('```mermaid'.length, mermaid.indexOf('```', 3))).not.toMatch(/[<>`]/);
  });
});

describe('formatNumber', () => {
  it.each([
    [250000, '250,000'],
    [1234567.891, '1,234,567.89'],
    [0.5, '0.5'],
    [-1200, '-1,200'],
    [80, '80'],
  ])('%d -> %s', (n, text) => expect(formatNumber(n)).toBe(text));
});
