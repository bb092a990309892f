import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mergeData } from '../../../src/merge/merge.js';
import { rulesFromSchema } from '../../../src/merge/rules.js';
import { mergeYamlText } from '../../../src/merge/text.js';
import { withDriverAttributes, ATTRIBUTE_LINES, driverCommand } from '../../../src/merge/driver-setup.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import type { DocKind } from '../../../src/schema/documents.js';

const rules = (kind: DocKind) => rulesFromSchema(loadSchema(kind));
const merge = (kind: DocKind, base: unknown, ours: unknown, theirs: unknown) =>
  mergeData(base, ours, theirs, rules(kind));

const sh = (id: string, name: string) => ({ id, name, side: 'customer', role: 'admin' });
const plan = (extra: Record<string, unknown> = {}) => ({
  schema_version: 1,
  meta: {
    account: 'acme',
    phase: 'develop',
    status: 'draft',
    updated: '2026-11-01',
    owner: { name: 'Priya', role: 'SA' },
  },
  stakeholders: [sh('sh-1', 'Sarah')],
  ...extra,
});

describe('mergeData: every document kind merges items by id and fields one by one', () => {
  it.each<[string, DocKind, string, (items: unknown[]) => unknown]>([
    ['csp.yaml stakeholders', 'csp', 'stakeholders', (items) => plan({ stakeholders: items })],
    [
      'action_tracker.yaml',
      'action_tracker',
      'actions',
      (items) => ({ schema_version: 1, account: 'acme', actions: items }),
    ],
    ['risk_register.yaml', 'risk_register', 'risks', (items) => ({ schema_version: 1, account: 'acme', risks: items })],
    [
      'decision_log.yaml',
      'decision_log',
      'decisions',
      (items) => ({ schema_version: 1, account: 'acme', decisions: items }),
    ],
  ])('%s: an item each side added, an item one side deleted, a field each side changed', (_name, kind, list, doc) => {
    const item = (id: string, title: string, extra: Record<string, unknown> = {}) => ({
      id,
      title,
      name: title,
      decision: title,
      date: '2026-11-01',
      side: 'customer',
      role: 'admin',
      ...extra,
    });
    const prefix = { csp: 'sh', action_tracker: 'act', risk_register: 'rr', decision_log: 'dec' }[kind as string];
    const [a, b, c] = [`${prefix}-1`, `${prefix}-2`, `${prefix}-3`];
    const base = doc([item(a, 'One'), item(b, 'Two')]);
    const ours = doc([item(a, 'One', { owner: 'Sarah' }), item(b, 'Two'), item(c, 'Ours')]);
    const theirs = doc([item(a, 'One', { notes: 'from theirs' })]);
    const { data, conflicts, renames } = merge(kind, base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect(renames).toEqual([]);
    expect((data as Record<string, unknown>)[list]).toEqual([
      item(a, 'One', { owner: 'Sarah', notes: 'from theirs' }),
      item(c, 'Ours'),
    ]);
  });

  it('health_signals.yaml: observations keyed by date and source, evidence rows as a set', () => {
    const obs = (date: string, source: string, values: Record<string, unknown>, rows: string[] = []) => ({
      date,
      source,
      values,
      evidence: { tickets: { file: 'a.csv', rows } },
    });
    const doc = (signals: unknown[]) => ({ schema_version: 1, account: 'acme', signals });
    const base = doc([obs('2026-10-31', 'csp signal', { tickets: 3 }, ['1'])]);
    const ours = doc([
      obs('2026-10-31', 'csp signal', { tickets: 3, nps: 8 }, ['1', '2']),
      obs('2026-11-30', 'csp signal', { tickets: 1 }),
    ]);
    const theirs = doc([
      obs('2026-10-31', 'csp signal', { tickets: 3, csat: 4 }, ['1', '3']),
      obs('2026-11-30', 'import', { tickets: 2 }),
    ]);
    const { data, conflicts } = merge('health_signals', base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect((data as { signals: unknown[] }).signals).toEqual([
      obs('2026-10-31', 'csp signal', { tickets: 3, nps: 8, csat: 4 }, ['1', '2', '3']),
      obs('2026-11-30', 'csp signal', { tickets: 1 }),
      obs('2026-11-30', 'import', { tickets: 2 }),
    ]);
  });

  it('account plans: status moves forward, updated takes the later date, QBRs keyed by quarter', () => {
    const ap = (status: string, updated: string, qbr: unknown[]) => ({
      schema_version: 1,
      account: 'acme',
      fiscal_year: 'FY2027',
      status,
      updated,
      qbr_schedule: qbr,
    });
    const q = (quarter: string, focus: string) => ({ quarter, date: '2027-01-15', focus });
    const { data, conflicts } = merge(
      'account_plan',
      ap('draft', '2026-11-01', [q('Q1', 'adoption')]),
      ap('approved', '2026-11-03', [q('Q1', 'adoption'), q('Q2', 'value')]),
      ap('pending_review', '2026-11-05', [q('Q1', 'renewal')]),
    );
    expect(conflicts).toEqual([]);
    expect(data).toEqual(ap('approved', '2026-11-05', [q('Q1', 'renewal'), q('Q2', 'value')]));
  });

  it('a snapshot (csp_history) merges as a plan does', () => {
    const { data } = merge(
      'csp',
      plan(),
      plan({ stakeholders: [sh('sh-1', 'Sarah'), sh('sh-2', 'Ours')] }),
      plan({ stakeholders: [sh('sh-1', 'Sarah Chen')] }),
    );
    expect((data as ReturnType<typeof plan>).stakeholders).toEqual([sh('sh-1', 'Sarah Chen'), sh('sh-2', 'Ours')]);
  });
});

describe('mergeData: id collisions', () => {
  it('theirs keeps the id, ours gets the next free one, and every reference on ours side follows', () => {
    const phase = (actions: unknown[]) => ({
      adoption_journey: {
        phases: [
          {
            id: 'ph-1',
            name: 'Launch',
            milestones: [{ id: 'ms-1', title: 'Go', due: '2026-12-01', owner: 'sh-1' }],
            actions,
          },
        ],
      },
    });
    const base = plan({ ...phase([]) });
    const ours = plan({
      stakeholders: [sh('sh-1', 'Sarah'), sh('sh-2', 'Olu'), sh('sh-3', 'Oda')],
      ...phase([
        { id: 'ac-1', what: 'Brief Olu', who: 'sh-2', depends_on: ['ms-1'] },
        { id: 'ac-2', what: 'Follow up', who: 'sh-3', depends_on: ['ac-1'] },
      ]),
      risks: [{ id: 'rk-1', title: 'r', probability: 'low', impact: 'low', owner: 'sh-2' }],
    });
    const theirs = plan({
      stakeholders: [sh('sh-1', 'Sarah'), sh('sh-2', 'Theo')],
      ...phase([{ id: 'ac-1', what: 'Theirs', who: 'sh-2' }]),
    });
    const { data, conflicts, renames } = merge('csp', base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect(renames).toEqual([
      { from: 'ac-1', to: 'ac-3', references: 1 },
      { from: 'sh-2', to: 'sh-4', references: 2 },
    ]);
    const d = data as any;
    expect(d.stakeholders.map((s: { id: string; name: string }) => `${s.id} ${s.name}`)).toEqual([
      'sh-1 Sarah',
      'sh-4 Olu',
      'sh-3 Oda',
      'sh-2 Theo',
    ]);
    expect(d.adoption_journey.phases[0].actions).toEqual([
      { id: 'ac-3', what: 'Brief Olu', who: 'sh-4', depends_on: ['ms-1'] },
      { id: 'ac-2', what: 'Follow up', who: 'sh-3', depends_on: ['ac-3'] },
      { id: 'ac-1', what: 'Theirs', who: 'sh-2' },
    ]);
    expect(d.risks[0].owner).toBe('sh-4');
  });

  it('value metrics linked_to, decision links and tracker source keys follow a renumbered id', () => {
    const kr = (id: string, metric: string) => ({ id, metric });
    const base = plan({
      business_outcomes: { objectives: [{ id: 'obj-1', statement: 's', key_results: [] }] },
      value_tracking: { metrics: [] },
    });
    const ours = plan({
      business_outcomes: { objectives: [{ id: 'obj-1', statement: 's', key_results: [kr('kr-1', 'ours')] }] },
      value_tracking: { metrics: [{ id: 'vm-1', name: 'm', linked_to: 'kr-1' }] },
    });
    const theirs = plan({
      business_outcomes: { objectives: [{ id: 'obj-1', statement: 's', key_results: [kr('kr-1', 'theirs')] }] },
      value_tracking: { metrics: [] },
    });
    const d = merge('csp', base, ours, theirs).data as any;
    expect(d.business_outcomes.objectives[0].key_results).toEqual([kr('kr-2', 'ours'), kr('kr-1', 'theirs')]);
    expect(d.value_tracking.metrics[0].linked_to).toBe('kr-2');

    const log = (decisions: unknown[]) => ({ schema_version: 1, account: 'acme', decisions });
    const dec = (id: string, decision: string, links: string[] = []) => ({ id, date: '2026-11-01', decision, links });
    const merged = merge(
      'decision_log',
      log([]),
      log([dec('dec-1', 'ours'), dec('dec-2', 'follows', ['dec-1'])]),
      log([dec('dec-1', 'theirs')]),
    ).data as any;
    expect(merged.decisions).toEqual([
      dec('dec-3', 'ours'),
      dec('dec-2', 'follows', ['dec-3']),
      dec('dec-1', 'theirs'),
    ]);

    const tracker = (actions: unknown[]) => ({ schema_version: 1, account: 'acme', actions });
    const synced = (id: string, title: string) => ({
      id,
      title,
      source: `csp#milestone/${id}`,
      sync: { hash: 'aaaaaaaa', at: '2026-11-01' },
    });
    const t = merge(
      'action_tracker',
      tracker([]),
      tracker([synced('ms-4', 'ours')]),
      tracker([synced('ms-4', 'theirs')]),
    );
    // Two different milestones synced as ms-4 on each side: they share their source, so they are the same item.
    expect(t.renames).toEqual([]);
    const t2 = merge(
      'action_tracker',
      tracker([]),
      tracker([{ id: 'act-1', title: 'ours', source: 'csp#action/ac-9' }]),
      tracker([{ id: 'act-1', title: 'theirs' }]),
    );
    expect(t2.renames).toEqual([{ from: 'act-1', to: 'act-2', references: 0 }]);
  });

  it('an item both sides added alike is kept once; in a rebase theirs (the replayed commit) is renumbered instead', () => {
    const same = merge(
      'csp',
      plan(),
      plan({ stakeholders: [sh('sh-1', 'Sarah'), sh('sh-2', 'Ann')] }),
      plan({ stakeholders: [sh('sh-1', 'Sarah'), sh('sh-2', 'Ann')] }),
    );
    expect((same.data as any).stakeholders).toHaveLength(2);
    const rebase = mergeData(
      plan(),
      plan({ stakeholders: [sh('sh-1', 'Sarah'), sh('sh-2', 'Upstream')] }),
      plan({ stakeholders: [sh('sh-1', 'Sarah'), sh('sh-2', 'Local')] }),
      rules('csp'),
      'ours',
    );
    expect((rebase.data as any).stakeholders.map((s: { id: string; name: string }) => `${s.id} ${s.name}`)).toEqual([
      'sh-1 Sarah',
      'sh-2 Upstream',
      'sh-3 Local',
    ]);
    expect(rebase.renames).toEqual([{ from: 'sh-2', to: 'sh-3', references: 0 }]);
  });
});

describe('mergeData: lifecycle, dates, sets and conflicts', () => {
  const meta = (m: Record<string, unknown>) => plan({ meta: { ...plan().meta, ...m } });

  it.each([
    ['phase moves forward, never back', { phase: 'finalize' }, { phase: 'execute' }, { phase: 'execute' }],
    ['phase: the later of the two, whichever side', { phase: 'execute' }, { phase: 'finalize' }, { phase: 'execute' }],
    ['status moves forward', { status: 'active' }, { status: 'pending_review' }, { status: 'active' }],
    [
      'meta.updated takes the later date',
      { updated: '2026-11-09' },
      { updated: '2026-11-20' },
      { updated: '2026-11-20' },
    ],
    [
      'last_customer_review: a date beats null',
      { last_customer_review: null },
      { last_customer_review: '2026-11-04' },
      { last_customer_review: '2026-11-04' },
    ],
  ])('%s', (_name, ours, theirs, want) => {
    const { data, conflicts } = merge(
      'csp',
      meta({ last_customer_review: '2026-10-01' }),
      meta({ last_customer_review: '2026-10-01', ...ours }),
      meta({ last_customer_review: '2026-10-01', ...theirs }),
    );
    expect(conflicts).toEqual([]);
    expect((data as any).meta).toMatchObject(want);
  });

  it('an accepted handoff stays accepted; one side changing a field takes that change', () => {
    const h = (handoff: Record<string, unknown>) => plan({ handoff: { to: 'Cam', ...handoff } });
    const { data, conflicts } = merge(
      'csp',
      h({ accepted: false, notes: 'a' }),
      h({ accepted: true, notes: 'a' }),
      h({ accepted: false, notes: 'b' }),
    );
    expect(conflicts).toEqual([]);
    expect((data as any).handoff).toEqual({ to: 'Cam', accepted: true, notes: 'b' });
  });

  it('lists of scalars merge as sets; measurements are keyed by date; sync fingerprints merge digest by digest', () => {
    const action = (depends_on: string[]) =>
      plan({
        adoption_journey: { phases: [{ id: 'ph-1', name: 'p', actions: [{ id: 'ac-1', what: 'w', depends_on }] }] },
      });
    const d = merge('csp', action(['ms-1', 'ms-2']), action(['ms-2', 'ms-3']), action(['ms-1', 'ms-2', 'ac-9']))
      .data as any;
    expect(d.adoption_journey.phases[0].actions[0].depends_on).toEqual(['ms-2', 'ms-3', 'ac-9']);

    const metric = (measurements: unknown[]) =>
      plan({ value_tracking: { metrics: [{ id: 'vm-1', name: 'm', measurements }] } });
    const m = (date: string, value: number) => ({ date, value });
    const v = merge(
      'csp',
      metric([m('2026-10-01', 1)]),
      metric([m('2026-10-01', 1), m('2026-11-01', 2)]),
      metric([m('2026-10-01', 1), m('2026-12-01', 3)]),
    );
    expect((v.data as any).value_tracking.metrics[0].measurements).toEqual([
      m('2026-10-01', 1),
      m('2026-11-01', 2),
      m('2026-12-01', 3),
    ]);
    const clash = merge('csp', metric([]), metric([m('2026-11-01', 2)]), metric([m('2026-11-01', 5)]));
    expect(clash.conflicts.map((c) => c.path.join('.'))).toEqual(['value_tracking.metrics.0.measurements.0.value']);

    const tracker = (hash: string) => ({
      schema_version: 1,
      account: 'a',
      actions: [{ id: 'ms-1', title: 't', source: 'csp#milestone/ms-1', sync: { hash, at: '2026-11-01' } }],
    });
    const s = merge(
      'action_tracker',
      tracker('1111111122222222'),
      tracker('aaaaaaaa22222222'),
      tracker('11111111bbbbbbbb'),
    );
    expect(s.conflicts).toEqual([]);
    expect((s.data as any).actions[0].sync.hash).toBe('aaaaaaaabbbbbbbb');
  });

  it('a field changed two ways is a conflict (ours kept in the data); a deleted item changed on the other side is kept and reported', () => {
    const c = merge(
      'csp',
      plan({ customer_context: { industry: 'A' } }),
      plan({ customer_context: { industry: 'B' } }),
      plan({ customer_context: { industry: 'C' } }),
    );
    expect(c.conflicts).toEqual([{ path: ['customer_context', 'industry'], base: 'A', ours: 'B', theirs: 'C' }]);
    expect((c.data as any).customer_context.industry).toBe('B');
    const d = merge(
      'csp',
      plan({ stakeholders: [sh('sh-1', 'Sarah')] }),
      plan({ stakeholders: [] }),
      plan({ stakeholders: [sh('sh-1', 'Sarah Chen')] }),
    );
    expect(d.conflicts).toEqual([
      { path: ['stakeholders', 0], base: sh('sh-1', 'Sarah'), ours: undefined, theirs: sh('sh-1', 'Sarah Chen') },
    ]);
    expect((d.data as any).stakeholders).toEqual([sh('sh-1', 'Sarah Chen')]);
  });
});

describe('mergeYamlText: comments, layout and conflict markers', () => {
  const base = `# yaml-language-server: $schema=../../.csp/schemas/csp.schema.json
schema_version: 1

meta:
  account: acme
  phase: develop                   # initiate | develop | finalize | execute
  updated: "2026-11-01"

customer_context:
  industry: Retail   # as the customer says it
  segment: SMB

stakeholders:
  # the champion
  - id: sh-1
    name: Sarah
    side: customer
    role: champion
  - id: sh-2
    name: Gone
    side: customer
    role: admin
  # the buyer
  - id: sh-3
    name: Bob
    side: customer
    role: economic_buyer   # confirmed in October
`;
  const opts = { rules: rules('csp') };

  it("keeps ours' comments and layout, applies theirs' changes as the smallest edits, keeps each item's comment with its item, and brings the comments of an item theirs added", () => {
    const ours = base
      .replace('segment: SMB', 'segment: Enterprise  # upgraded')
      .replace('  - id: sh-2\n    name: Gone\n    side: customer\n    role: admin\n', '');
    const added = '  # the new CA\n  - id: sh-4\n    name: Tia   # from the partner\n    side: vendor\n    role: CA\n';
    const theirs =
      base
        .replace('phase: develop ', 'phase: finalize')
        .replace('updated: "2026-11-01"', 'updated: "2026-11-03"')
        .replace(
          '    role: economic_buyer   # confirmed in October\n',
          '    role: economic_buyer   # confirmed in October\n    engagement: high\n',
        ) + added;
    const r = mergeYamlText(base, ours, theirs, opts);
    expect(r.conflicts).toEqual([]);
    expect(r.text).toBe(
      ours
        .replace('phase: develop ', 'phase: finalize')
        .replace('updated: "2026-11-01"', 'updated: "2026-11-03"')
        .replace(
          '    role: economic_buyer   # confirmed in October\n',
          '    role: economic_buyer   # confirmed in October\n    engagement: high\n',
        ) + added,
    );
  });

  it('renumbers ours in the text, references too', () => {
    const ours =
      base.replace('stakeholders:\n', 'stakeholders:\n') +
      '  - id: sh-4\n    name: Olu   # ours\n    side: customer\n    role: admin\nrisks:\n  - { id: rk-1, title: r, probability: low, impact: low, owner: sh-4 }\n';
    const theirs = base + '  - id: sh-4\n    name: Theo\n    side: customer\n    role: admin\n';
    const r = mergeYamlText(base, ours, theirs, opts);
    expect(r.renames).toEqual([{ from: 'sh-4', to: 'sh-5', references: 1 }]);
    expect(r.text).toContain('  - id: sh-5\n    name: Olu   # ours\n');
    expect(r.text).toContain('owner: sh-5 }');
    expect(parse(r.text).stakeholders.map((s: { id: string }) => s.id)).toEqual([
      'sh-1',
      'sh-2',
      'sh-3',
      'sh-5',
      'sh-4',
    ]);
  });

  it('leaves standard conflict markers around the conflicting field alone', () => {
    const ours = base.replace('industry: Retail ', 'industry: Banking').replace('segment: SMB', 'segment: Mid-Market');
    const theirs = base.replace('industry: Retail ', 'industry: Energy ');
    const r = mergeYamlText(base, ours, theirs, opts);
    expect(r.conflicts.map((c) => [c.field, c.startLine, c.endLine])).toEqual([['customer_context.industry', 10, 14]]);
    expect(r.text.split('\n').slice(8, 15)).toEqual([
      'customer_context:',
      '<<<<<<< ours (customer_context.industry)',
      '  industry: Banking  # as the customer says it',
      '=======',
      '  industry: Energy   # as the customer says it',
      '>>>>>>> theirs (customer_context.industry)',
      '  segment: Mid-Market',
    ]);
  });

  it('refuses (for the caller to fall back to a line merge) when a version is not YAML', () => {
    expect(() => mergeYamlText(base, base + 'x: [', base, opts)).toThrow(/ours cannot be merged as data/);
  });
});

describe('driver set-up', () => {
  it('adds the .gitattributes lines once, keeping what is there', () => {
    const once = withDriverAttributes('*.png binary\n')!;
    expect(once.startsWith('*.png binary\n\n# csp: merge')).toBe(true);
    for (const line of ATTRIBUTE_LINES) expect(once).toContain(`${line}\n`);
    expect(withDriverAttributes(once)).toBeNull();
    const partial = withDriverAttributes(once.replace('**/decision_log.yaml merge=csp\n', ''))!;
    expect(partial.match(/decision_log/g)).toHaveLength(1);
  });

  it('the driver command runs this csp, else csp on the PATH, else git merge-file', () => {
    const cmd = driverCommand({ node: '/opt/node', csp: "/it's/bin/csp" });
    expect(cmd).toContain(`'/it'\\''s/bin/csp' merge-file %O %A %B --path %P --marker-size %L`);
    expect(cmd).toContain('exec csp merge-file');
    expect(cmd.endsWith('exec git merge-file -L ours -L base -L theirs %A %O %B')).toBe(true);
  });
});
