/**
 * Fiscal-year account plans (reference/004, PRD-235; schemas/account_plan.schema.json): the
 * offline drafter, the status workflow, and the rules csp validate checks beyond the schema.
 *
 * The offline draft is built from the account's CSP and the most similar accounts, deterministically:
 * - executive summary and business context from the CSP's meta, context and current state, with
 *   its CSP health (health.ts);
 * - four strategic objectives (the schema allows 3-5): up to three of the CSP's objectives (their key
 *   results become success metrics, the quarter each is due a milestone), then the standard
 *   retention objective and, while fewer than four, adoption, relationship and growth ones, so the
 *   year is balanced across retention, adoption and growth;
 * - the stakeholder plan: the current map from the CSP, a relationship goal per customer
 *   stakeholder, the missing roles of healthy coverage (executive sponsor, champion, technical
 *   buyer, economic buyer: reference/004 "Ideal stakeholder coverage"), a multi-threading target;
 * - the expansion plan: the renewal when it falls in the year (its probability from the CSP
 *   health), and an upsell sized on similar accounts of the same industry with a larger ARR;
 * - risks from the CSP's open risks and its at-risk health reasons; one QBR a quarter (the CSP's
 *   QBR dates when it has them); resources by ARR tier; a 90-day plan from the CSP's milestones
 *   and actions due in the first 90 days, plus the standard first steps.
 * A fiscal year FY<yyyy> is the calendar year <yyyy> (the issue does not say otherwise).
 * Status: draft -> pending_review (submit) -> approved (a manager, not the author) -> active.
 * Pure: plans and dates in, documents and edits out.
 */
import { set, type Edit } from '../domain/edit.js';
import { addDaysIso, daysBetween, isIsoDate, type IsoDate } from '../domain/dates.js';
import type { CspHealth } from '../domain/plan-health.js';
import { actionsOf, activeCustomers, effectiveRag, hasLeft, milestonesOf, type Plan } from '../domain/plan.js';
import type { SimilarAccount } from '../similarity/similar.js';
import { similarRecord } from '../similarity/similar.js';
import type { RawIssue } from '../domain/issue.js';
import type { AccountPlan, StrategicObjective } from '../domain/types.gen.js';
import { compareText } from '../domain/compare.js';

/** A fiscal year: its label and its first and last day. */
export interface FiscalYear {
  label: string;
  start: IsoDate;
  end: IsoDate;
}

/** Parses "FY2026" (or "fy 2026", "2026"). Returns null when it is not a year. */
export function parseFiscalYear(text: string): FiscalYear | null {
  const m = /^\s*(?:fy\s*-?\s*)?(\d{4})\s*$/i.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  return { label: `FY${year}`, start: `${year}-01-01`, end: `${year}-12-31` };
}

/** The quarter of the fiscal year a date falls in, or null outside the year. */
export function quarterOf(fy: FiscalYear, date: IsoDate): 'Q1' | 'Q2' | 'Q3' | 'Q4' | null {
  if (!isIsoDate(date) || date < fy.start || date > fy.end) return null;
  return (['Q1', 'Q2', 'Q3', 'Q4'] as const)[Math.floor((Number(date.slice(5, 7)) - 1) / 3)];
}

/** The file name of an account plan: account_plan_FY2026.yaml. */
export function accountPlanFileName(fy: FiscalYear): string {
  return `account_plan_${fy.label}.yaml`;
}

/** The parts of an account plan a drafter (offline or the model) writes. */
export type AccountPlanContent = Pick<
  AccountPlan,
  | 'executive_summary'
  | 'business_context'
  | 'strategic_objectives'
  | 'stakeholder_plan'
  | 'expansion_plan'
  | 'risk_mitigation'
  | 'qbr_schedule'
  | 'resource_plan'
  | 'action_plan_90day'
>;

/** Everything the offline drafter reads. */
export interface AccountPlanInput {
  plan: Plan;
  health: CspHealth;
  similar: readonly SimilarAccount[];
  fiscalYear: FiscalYear;
  today: IsoDate;
}

const usd = (n: number) =>
  `$${n >= 1_000_000 ? `${Math.round(n / 100_000) / 10}M` : n >= 1_000 ? `${Math.round(n / 1_000)}K` : n}`;
const round2 = (n: number) => Math.round(n * 100) / 100;
const KEY_ROLES = ['executive_sponsor', 'champion', 'technical_buyer', 'economic_buyer'] as const;

/** What every part of the offline account plan reads: the plan and the facts derived from it once. */
interface AccountFacts {
  plan: Plan;
  health: CspHealth;
  similar: readonly SimilarAccount[];
  fy: FiscalYear;
  today: IsoDate;
  name: string;
  arr: number | undefined;
  context: NonNullable<Plan['customer_context']>;
  customers: ReturnType<typeof activeCustomers>;
  owner: string;
  /** A stakeholder id (sh-2) as the person's name; a name or unknown id as written. */
  nameOf: (ref: string | null | undefined) => string | undefined;
  champion: ReturnType<typeof activeCustomers>[number] | undefined;
  sponsor: ReturnType<typeof activeCustomers>[number] | undefined;
  renewal: IsoDate | null;
  renewalQuarter: 'Q1' | 'Q2' | 'Q3' | 'Q4' | null;
}

/** Derives the facts the parts of an account plan share. */
function accountFacts(input: AccountPlanInput): AccountFacts {
  const { plan, health, similar, fiscalYear: fy } = input;
  const name = plan.meta.account_name;
  const arr = plan.meta.arr_usd;
  const context = plan.customer_context ?? {};
  const customers = activeCustomers(plan, input.today);
  const owner = plan.meta.owner.name;
  /** A stakeholder id (sh-2) as the person's name; a name or unknown id as written. */
  const nameOf = (ref: string | null | undefined): string | undefined =>
    ref ? ((plan.stakeholders ?? []).find((s) => s.id === ref)?.name ?? ref) : undefined;
  const champion = customers.find((s) => s.role === 'champion');
  const sponsor = customers.find((s) => s.role === 'executive_sponsor' || s.role === 'executive');
  const renewal = context.contract?.renewal_date ?? null;
  const renewalQuarter = renewal ? quarterOf(fy, renewal) : null;
  return {
    plan,
    health,
    similar,
    fy,
    today: input.today,
    name,
    arr,
    context,
    customers,
    owner,
    nameOf,
    champion,
    sponsor,
    renewal,
    renewalQuarter,
  };
}

/** Retention: renew on time at full ARR. */
function retentionObjective(facts: AccountFacts): Omit<StrategicObjective, 'id' | 'priority'> {
  const { health, fy, name, renewal, renewalQuarter } = facts;
  return {
    objective:
      renewal && renewalQuarter
        ? `Renew ${name} on time (${renewal}) with no reduction in ARR`
        : `Keep ${name} at full ARR through ${fy.label} and set up an on-time renewal`,
    rationale: `Retention first: CSP health is ${health.verdict.replace('_', ' ')}${renewal ? `; the renewal is due ${renewal}` : ''}.`,
    success_metrics: [
      {
        metric: 'Gross revenue retention',
        current: 100,
        target: 100,
        unit: 'percent',
        measurement: 'ARR at renewal against ARR today',
      },
    ],
    quarterly_milestones: [
      { quarter: 'Q1', milestone: 'Value summary of the last term shared with the sponsor' },
      { quarter: renewalQuarter ?? 'Q3', milestone: renewalQuarter ? 'Renewal signed' : 'Renewal options agreed' },
    ],
    owner: 'CSM',
    ai_generated: true,
    ai_confidence: 0.6,
  };
}

/** Adoption: broad weekly use. */
function adoptionObjective(facts: AccountFacts): Omit<StrategicObjective, 'id' | 'priority'> {
  const { fy, name } = facts;
  return {
    objective: `Grow weekly active use of ${name}'s licensed users to 80% by the end of ${fy.label}`,
    rationale: 'Adoption drives renewal: accounts with broad weekly use renew and expand.',
    success_metrics: [
      { metric: 'Weekly active users', target: 80, unit: 'percent', measurement: 'Monthly usage report' },
    ],
    quarterly_milestones: [
      { quarter: 'Q1', milestone: 'Usage baseline and adoption plan agreed' },
      { quarter: 'Q2', milestone: 'Role-based training for every team' },
      { quarter: 'Q4', milestone: '80% weekly active use reached' },
    ],
    owner: 'Both',
    ai_generated: true,
    ai_confidence: 0.55,
  };
}

/** Relationships: an engaged sponsor and more contacts. */
function relationshipObjective(facts: AccountFacts): Omit<StrategicObjective, 'id' | 'priority'> {
  const { name, customers, sponsor } = facts;
  return {
    objective: `Multi-thread the relationship with ${name}: an engaged executive sponsor and at least three engaged contacts`,
    rationale: sponsor
      ? `Only ${customers.length} customer contact${customers.length === 1 ? '' : 's'} today; more threads protect the renewal.`
      : 'No executive sponsor is engaged today: the relationship depends on too few people.',
    success_metrics: [
      {
        metric: 'Engaged customer contacts',
        current: customers.filter((s) => s.engagement !== 'low').length,
        target: Math.max(3, customers.length + 1),
        unit: 'count',
        measurement: 'Stakeholder map reviewed each quarter',
      },
    ],
    quarterly_milestones: [
      {
        quarter: 'Q1',
        milestone: sponsor
          ? `Executive briefing with ${sponsor.name}`
          : 'Introduction to an executive sponsor (VP or above)',
      },
      { quarter: 'Q3', milestone: 'Joint executive planning session' },
    ],
    owner: 'CSM',
    ai_generated: true,
    ai_confidence: 0.55,
  };
}

/** Growth: a second team or use case. */
function growthObjective(facts: AccountFacts): Omit<StrategicObjective, 'id' | 'priority'> {
  const { fy, name, arr } = facts;
  return {
    objective: `Expand ${name} to a second team or use case in ${fy.label}`,
    rationale: 'Growth: a second use case raises ARR and the switching cost.',
    success_metrics: [
      {
        metric: 'Expansion ARR',
        current: 0,
        target: Math.round((arr ?? 100_000) * 0.2),
        unit: 'USD',
        measurement: 'Closed expansion opportunities in the CRM',
      },
    ],
    quarterly_milestones: [
      { quarter: 'Q2', milestone: 'Second use case identified with the champion' },
      { quarter: 'Q3', milestone: 'Pilot with the second team' },
      { quarter: 'Q4', milestone: 'Expansion proposal accepted' },
    ],
    owner: 'Both',
    ai_generated: true,
    ai_confidence: 0.5,
  };
}

/** Strategic objectives: the CSP's first (up to three), then the standard ones, four in all. */
function strategicObjectives(facts: AccountFacts): StrategicObjective[] {
  const { plan, fy, nameOf } = facts;
  const objectives: StrategicObjective[] = [];
  const nextId = () => `so-${objectives.length + 1}`;
  const priority = (): StrategicObjective['priority'] =>
    objectives.length === 0 ? 'critical' : objectives.length < 3 ? 'high' : 'medium';
  for (const o of (plan.business_outcomes?.objectives ?? []).filter(
    (x) => x.status !== 'achieved' && x.status !== 'missed',
  )) {
    if (objectives.length >= 3) break;
    const krs = (o.key_results ?? []).slice(0, 3);
    const quarters = krs.map((k) => (k.due ? quarterOf(fy, k.due) : null));
    const milestones = krs.flatMap((k, i) =>
      quarters[i]
        ? [
            {
              quarter: quarters[i]!,
              milestone:
                `${k.metric} at ${k.target ?? 'target'}${k.unit && k.unit !== 'count' ? ` ${k.unit}` : ''}`.slice(
                  0,
                  500,
                ),
            },
          ]
        : [],
    );
    objectives.push({
      id: nextId(),
      objective: o.statement,
      rationale: `Builds on the CSP objective ${o.id} (${o.status ?? 'not_started'}), agreed with the customer.`,
      success_metrics: (krs.length
        ? krs.map((k) => ({
            metric: k.metric,
            ...((k.current ?? k.baseline) !== undefined ? { current: (k.current ?? k.baseline)! } : {}),
            target: k.target ?? 'agreed target',
            ...(k.unit ? { unit: k.unit } : {}),
            measurement: `CSP key result ${k.id}`,
          }))
        : [
            {
              metric: `${o.statement.slice(0, 100)}: progress`,
              current: 0,
              target: 100,
              unit: 'percent',
              measurement: 'Reviewed at each QBR',
            },
          ]) as StrategicObjective['success_metrics'],
      quarterly_milestones: (milestones.length
        ? milestones
        : [
            { quarter: 'Q1', milestone: 'Baseline measured and target confirmed with the customer' },
            { quarter: 'Q4', milestone: 'Target reached and reviewed at the QBR' },
          ]) as StrategicObjective['quarterly_milestones'],
      owner: nameOf(o.owner) ?? 'Both',
      priority: priority(),
      csp_objective: o.id,
      ai_generated: true,
      ai_confidence: 0.7,
    });
  }
  const standard = [
    retentionObjective(facts),
    adoptionObjective(facts),
    relationshipObjective(facts),
    growthObjective(facts),
  ];
  // NOTE: four in all: up to three from the CSP, then retention (always), adoption, relationships, growth.
  for (const s of standard) {
    if (objectives.length >= 4) break;
    const { objective, rationale, success_metrics, quarterly_milestones, owner: who, ai_generated, ai_confidence } = s;
    objectives.push({
      id: nextId(),
      objective,
      rationale,
      success_metrics,
      quarterly_milestones,
      owner: who,
      priority: priority(),
      ai_generated,
      ai_confidence,
    });
  }
  return objectives;
}

/** The stakeholder plan, and the key roles no active customer contact holds. */
function stakeholderPlanOf(facts: AccountFacts): {
  stakeholderPlan: NonNullable<AccountPlanContent['stakeholder_plan']>;
  missing: (typeof KEY_ROLES)[number][];
} {
  const { plan, today, customers, champion, sponsor } = facts;
  const present = new Set(customers.map((s) => s.role));
  const missing = KEY_ROLES.filter((r) => !present.has(r) && !(r === 'executive_sponsor' && present.has('executive')));
  const goal = (s: (typeof customers)[number]) => {
    const current = s.relationship_score ?? null;
    const target = Math.min(100, Math.max((current ?? 50) + 10, 70));
    const strategy =
      s.engagement === 'low'
        ? 'Re-engage: a 1:1 on their priorities, then a standing monthly check-in'
        : s.role === 'champion'
          ? 'Involve in the FY planning and the QBRs; ask for introductions to the executive sponsor and other teams'
          : s.role === 'executive_sponsor' || s.role === 'executive'
            ? 'Quarterly executive briefing on outcomes and the renewal'
            : s.role === 'technical_buyer'
              ? 'Monthly technical roadmap session'
              : s.role === 'economic_buyer'
                ? 'Value review with ROI before the renewal'
                : 'Keep informed through the monthly value review';
    return { stakeholder: s.id, name: s.name, current_score: current, target_score: target, strategy };
  };
  const stakeholderPlan: NonNullable<AccountPlanContent['stakeholder_plan']> = {
    current_assessment: customers.length
      ? `${customers.length} customer contact${customers.length === 1 ? '' : 's'}${champion ? `, champion ${champion.name}` : ', no champion named'}${sponsor ? `, executive sponsor ${sponsor.name}` : ', no executive sponsor'}.${missing.length ? ` Missing: ${missing.map((r) => r.replace('_', ' ')).join(', ')}.` : ''}`
      : 'No customer contacts are mapped yet.',
    current_map: (plan.stakeholders ?? [])
      .filter((s) => !hasLeft(s, today))
      .map((s) => ({
        stakeholder: s.id,
        name: s.name,
        ...(s.title ? { title: s.title } : {}),
        role: s.role,
        side: s.side,
        ...(s.engagement ? { engagement: s.engagement } : {}),
        ...(s.relationship_score !== undefined ? { relationship_score: s.relationship_score } : {}),
      })),
    relationship_goals: customers.map(goal),
    missing_roles: [...missing],
    multi_threading_target: Math.min(10, Math.max(3, customers.length + missing.length)),
    exec_sponsor_strategy: sponsor
      ? `Quarterly executive briefings with ${sponsor.name}, and ${sponsor.name} at the Q2 and Q4 QBRs.`
      : `Ask ${champion?.name ?? 'the main contact'} to introduce an executive sponsor (VP or above) in Q1; open with a value summary of the current term.`,
  };
  return { stakeholderPlan, missing };
}

/** Expansion: the renewal, and an upsell sized by bigger similar accounts (else a second team); growth is the weighted value. */
function expansionOf(facts: AccountFacts): {
  opportunities: NonNullable<NonNullable<AccountPlanContent['expansion_plan']>['opportunities']>;
  growth: number;
} {
  const { health, similar, arr, context, renewal, renewalQuarter } = facts;
  const opportunities: NonNullable<NonNullable<AccountPlanContent['expansion_plan']>['opportunities']> = [];
  const renewalOdds = health.verdict === 'healthy' ? 0.9 : health.verdict === 'needs_attention' ? 0.75 : 0.5;
  if (renewal && renewalQuarter && arr)
    opportunities.push({
      type: 'renewal',
      description: `Renewal of the current contract (${renewal})`,
      value_usd: arr,
      probability: renewalOdds,
      timeline: renewalQuarter,
    });
  const bigger = similar
    .filter(
      (s) =>
        s.industry.toLowerCase() === (context.industry ?? '').trim().toLowerCase() && arr && s.arrUsd && s.arrUsd > arr,
    )
    .map((s) => s.arrUsd! - arr!);
  if (arr && bigger.length) {
    const gap = [...bigger].sort((a, b) => a - b)[Math.floor(bigger.length / 2)];
    opportunities.push({
      type: 'upsell',
      description: `Similar ${context.industry} accounts run at about ${usd(arr + gap)} ARR: a second team or use case`,
      value_usd: Math.round(Math.min(gap, arr * 0.5)),
      probability: 0.3,
      timeline: 'Q3',
    });
  } else if (arr) {
    opportunities.push({
      type: 'new_team',
      description: 'A second team or use case (see the growth objective)',
      value_usd: Math.round(arr * 0.2),
      probability: 0.25,
      timeline: 'Q3',
    });
  }
  const growth = opportunities
    .filter((o) => o.type !== 'renewal')
    .reduce((n, o) => n + (o.value_usd ?? 0) * (o.probability ?? 0), 0);
  return { opportunities, growth };
}

/** Risks: the CSP's open ones, the CSP health's at-risk reasons, and a missing executive sponsor. */
function risksOf(
  facts: AccountFacts,
  stakeholderPlan: NonNullable<AccountPlanContent['stakeholder_plan']>,
): NonNullable<AccountPlanContent['risk_mitigation']> {
  const { plan, health, owner, nameOf, sponsor } = facts;
  const risks: NonNullable<AccountPlanContent['risk_mitigation']> = (plan.risks ?? [])
    .filter((r) => r.status !== 'closed')
    .map((r) => ({
      risk: r.title,
      probability: r.probability,
      impact: r.impact,
      mitigation:
        r.mitigation?.trim() || `Agree a mitigation with ${r.owner ?? owner} (${effectiveRag(r)} risk in the CSP)`,
      owner: nameOf(r.owner) ?? owner,
      csp_risk: r.id,
    }));
  for (const reason of health.reasons
    .filter((x) => x.level === 'at_risk' && x.code !== 'milestone-overdue')
    .slice(0, 2)) {
    risks.push({
      risk: `CSP health: ${reason.message}`,
      probability: 'high',
      impact: 'medium',
      mitigation: 'Review and update the CSP with the customer this month',
      owner,
    });
  }
  if (!sponsor)
    risks.push({
      risk: 'No executive sponsor: the renewal depends on the champion alone',
      probability: 'medium',
      impact: 'high',
      mitigation: stakeholderPlan.exec_sponsor_strategy!,
      owner,
    });
  return risks;
}

/** One QBR a quarter: the plan's dates, else the 15th of the quarter's last month. */
function qbrSchedule(facts: AccountFacts): { quarter: 'Q1' | 'Q2' | 'Q3' | 'Q4'; date: string; focus: string }[] {
  const { plan, fy } = facts;
  const qbrDates = (plan.governance?.cadence?.qbr ?? []).filter((d) => quarterOf(fy, d));
  const year = fy.start.slice(0, 4);
  const focus = {
    Q1: 'Plan agreement and baselines',
    Q2: 'Adoption and value review',
    Q3: 'Expansion options',
    Q4: "Renewal and next year's goals",
  } as const;
  const qbrs = (['Q1', 'Q2', 'Q3', 'Q4'] as const).map((q, i) => ({
    quarter: q,
    date: qbrDates.find((d) => quarterOf(fy, d) === q) ?? `${year}-${String(i * 3 + 3).padStart(2, '0')}-15`,
    focus: focus[q],
  }));
  return qbrs;
}

/** Resources: the plan owner's share by ARR, an SA for expansion, a vendor sponsor for big accounts, support. */
function resourcePlanOf(
  facts: AccountFacts,
  opportunities: NonNullable<NonNullable<AccountPlanContent['expansion_plan']>['opportunities']>,
  missing: readonly string[],
): AccountPlanContent['resource_plan'] {
  const { plan, health, arr, owner } = facts;
  const share =
    arr === undefined
      ? '10% of a CSM (pooled)'
      : arr >= 500_000
        ? '30% of a CSM'
        : arr >= 100_000
          ? '20% of a CSM'
          : '10% of a CSM (pooled)';
  const resources: AccountPlanContent['resource_plan'] = {
    allocations: [
      {
        role: plan.meta.owner.role === 'SA' ? 'SA (plan owner)' : 'CSM (plan owner)',
        name: owner,
        allocation: share,
        focus: 'Plan, QBRs, adoption and renewal',
      },
      ...(opportunities.some((o) => o.type !== 'renewal')
        ? [{ role: 'SA', allocation: '2 days a quarter', focus: 'Second use case and technical roadmap' }]
        : []),
      ...(arr !== undefined && arr >= 250_000
        ? [{ role: 'Executive sponsor (vendor)', allocation: 'Q2 and Q4 QBRs', focus: 'Executive relationship' }]
        : []),
      { role: 'Support', allocation: 'Named contact', focus: 'Escalations and the monthly ticket review' },
    ],
    recommendations: [
      ...(missing.includes('executive_sponsor')
        ? ['Find an executive sponsor in Q1 (reference/004: VP level or above)']
        : []),
      ...(missing.includes('champion') ? ['Name a champion: a daily user with influence'] : []),
      ...(health.verdict === 'at_risk'
        ? ['Treat the account as at risk: weekly internal review until the CSP is healthy']
        : []),
    ],
  };
  return resources;
}

/** The first 90 days: first steps, then the milestones and actions due in the window (20 at most, by week). */
function ninetyDayPlan(
  facts: AccountFacts,
  objectives: readonly StrategicObjective[],
  missing: readonly string[],
  qbrs: readonly { date: string }[],
): AccountPlanContent['action_plan_90day'] {
  const { plan, fy, today, owner, nameOf, champion } = facts;
  const windowStart = today >= fy.start && today <= fy.end ? today : fy.start;
  const windowEnd = addDaysIso(windowStart, 90);
  const week = (date: IsoDate) => Math.min(13, Math.max(1, Math.floor(daysBetween(windowStart, date) / 7) + 1));
  const planned = [
    ...milestonesOf(plan)
      .filter(
        ({ milestone: m }) => m.status !== 'done' && isIsoDate(m.due) && m.due >= windowStart && m.due <= windowEnd,
      )
      .map(({ milestone: m }) => ({
        week: week(m.due),
        action: `Milestone ${m.id}: ${m.title}`,
        owner: nameOf(m.owner) ?? owner,
        due: m.due,
      })),
    ...actionsOf(plan)
      .filter(
        ({ action: a }) =>
          a.status !== 'done' &&
          a.status !== 'cancelled' &&
          isIsoDate(a.when) &&
          a.when! >= windowStart &&
          a.when! <= windowEnd,
      )
      .map(({ action: a }) => ({
        week: week(a.when!),
        action: `Action ${a.id}: ${a.what}`,
        owner: nameOf(a.who) ?? owner,
        due: a.when!,
      })),
  ];
  const firstSteps = [
    {
      week: 1,
      action: `Share the draft ${fy.label} account plan with ${champion?.name ?? 'the main customer contact'}`,
      owner,
    },
    ...(missing.includes('executive_sponsor')
      ? [
          {
            week: 2,
            action: `Ask ${champion?.name ?? 'the champion'} for an introduction to an executive sponsor`,
            owner,
          },
        ]
      : []),
    { week: 4, action: `Measure the baselines of ${objectives.map((o) => o.id).join(', ')}`, owner },
    {
      week: week(qbrs.find((q) => q.date >= windowStart)?.date ?? windowEnd),
      action: 'Prepare the first QBR of the plan',
      owner,
    },
  ];
  const actionPlan = [...firstSteps, ...planned]
    .sort((a, b) => a.week - b.week || compareText(a.action, b.action))
    .slice(0, 20);
  return actionPlan;
}

/** The executive summary: the account, CSP health, the priorities, the stakeholders and the renewal. */
function executiveSummaryOf(
  facts: AccountFacts,
  objectives: readonly StrategicObjective[],
  stakeholderPlan: NonNullable<AccountPlanContent['stakeholder_plan']>,
): string {
  const { plan, health, fy, name, arr, context, renewal } = facts;
  const summaryObjectives = objectives
    .slice(0, 3)
    .map((o) => o.objective.replace(/\.$/, '').replace(/^./, (c) => c.toLowerCase()));
  const executiveSummary = [
    `${name} is a ${arr !== undefined ? `${usd(arr)} ` : ''}${context.industry ? `${context.industry} ` : ''}account${context.segment ? ` (${context.segment})` : ''} on ${/^[aeiou]/.test(plan.meta.plan_type) ? 'an' : 'a'} ${plan.meta.plan_type} plan in the ${plan.meta.phase} phase; CSP health is ${health.verdict.replace('_', ' ')}${
      health.reasons.length
        ? ` (${
            health.reasons
              .filter((r) => r.level !== 'incomplete')
              .slice(0, 2)
              .map((r) => r.message)
              .join('; ') || 'plan incomplete'
          })`
        : ''
    }.`,
    `Priorities for ${fy.label}: ${summaryObjectives.join('; ')}.`,
    stakeholderPlan.current_assessment ?? '',
    renewal ? `The renewal is due ${renewal}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return executiveSummary;
}

/** The offline account plan content and its confidence (0-1). */
export function draftAccountPlanOffline(input: AccountPlanInput): { content: AccountPlanContent; confidence: number } {
  const facts = accountFacts(input);
  const { plan, context, arr, renewal } = facts;
  const objectives = strategicObjectives(facts);
  const { stakeholderPlan, missing } = stakeholderPlanOf(facts);
  const { opportunities, growth } = expansionOf(facts);
  const risks = risksOf(facts, stakeholderPlan);
  const qbrs = qbrSchedule(facts);
  const resources = resourcePlanOf(facts, opportunities, missing);
  const actionPlan = ninetyDayPlan(facts, objectives, missing, qbrs);
  const executiveSummary = executiveSummaryOf(facts, objectives, stakeholderPlan);
  const confidence = round2(objectives.reduce((n, o) => n + (o.ai_confidence ?? 0.5), 0) / objectives.length);
  return {
    content: {
      executive_summary: executiveSummary.slice(0, 5000),
      business_context: {
        ...(context.industry ? { industry: context.industry } : {}),
        ...(context.segment ? { segment: context.segment } : {}),
        ...(context.background || context.primary_use_case
          ? { customer_goals: [context.primary_use_case, context.background].filter(Boolean).join(': ') }
          : {}),
        ...(plan.business_outcomes?.current_state ? { current_state: plan.business_outcomes.current_state } : {}),
        ...(plan.internal_notes?.competitive_context
          ? { competitive_landscape: plan.internal_notes.competitive_context }
          : {}),
        contract_renewal_date: renewal,
      },
      strategic_objectives: objectives as AccountPlan['strategic_objectives'],
      stakeholder_plan: stakeholderPlan,
      expansion_plan: {
        current_arr_usd: arr ?? null,
        target_arr_usd: arr !== undefined ? Math.round(arr + growth) : null,
        opportunities,
      },
      risk_mitigation: risks,
      qbr_schedule: qbrs,
      resource_plan: resources,
      action_plan_90day: actionPlan,
    },
    confidence,
  };
}

/** The metadata of a new account plan. */
export interface AccountPlanMeta {
  account: string;
  accountName: string;
  fiscalYear: FiscalYear;
  createdBy: string;
  today: IsoDate;
  engine: 'anthropic' | 'offline';
  model: string | null;
  inputs: string[];
  similar: readonly SimilarAccount[];
  confidence: number;
}

/** The whole document: metadata, status draft, the content, and the generation context. */
export function accountPlanDocument(content: AccountPlanContent, meta: AccountPlanMeta): AccountPlan {
  return {
    schema_version: 1,
    account: meta.account,
    account_name: meta.accountName,
    fiscal_year: meta.fiscalYear.label,
    status: 'draft',
    created_by: meta.createdBy,
    created: meta.today,
    updated: meta.today,
    approved_by: null,
    approved_at: null,
    ...content,
    ai_generated: true,
    ai_confidence: round2(meta.confidence),
    generation_context: {
      date: meta.today,
      engine: meta.engine,
      model: meta.model,
      inputs: meta.inputs,
      similar_accounts: meta.similar.map(similarRecord),
    },
  };
}

/** A status change the account plan cannot make (the command reports it, exit 3). */
export class AccountPlanTransitionError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The workflow steps: from which status, to which. */
export const ACCOUNT_PLAN_STEPS = {
  submit: { from: 'draft', to: 'pending_review' },
  approve: { from: 'pending_review', to: 'approved' },
  activate: { from: 'approved', to: 'active' },
} as const;
export type AccountPlanStep = keyof typeof ACCOUNT_PLAN_STEPS;

/**
 * The edits of a workflow step. Throws AccountPlanTransitionError from the wrong status, or when
 * the author approves their own plan (a manager approves: reference/004 "Manager approval").
 */
export function planAccountPlanStep(
  doc: AccountPlan,
  step: AccountPlanStep,
  by: string | undefined,
  date: IsoDate,
): Edit[] {
  const { from, to } = ACCOUNT_PLAN_STEPS[step];
  const cmd = `csp account-plan`;
  if (doc.status !== from) {
    const next = (Object.keys(ACCOUNT_PLAN_STEPS) as AccountPlanStep[]).find(
      (s) => ACCOUNT_PLAN_STEPS[s].from === doc.status,
    );
    throw new AccountPlanTransitionError(
      `the ${doc.fiscal_year} account plan of ${doc.account} is ${doc.status}; ${step} moves a plan from ${from}`,
      next
        ? `the next step is: ${cmd} ${next} ${doc.account} --fiscal-year ${doc.fiscal_year}${next === 'approve' ? ' --by "<manager>"' : ''}`
        : `the plan is ${doc.status}: there is no step after it`,
    );
  }
  const edits: Edit[] = [set(['status'], to), set(['updated'], date)];
  if (step === 'submit') edits.push(set(['submitted_by'], by ?? doc.created_by), set(['submitted_at'], date));
  if (step === 'approve') {
    if (!by)
      throw new AccountPlanTransitionError(
        'a manager approves the plan: say who',
        `${cmd} approve ${doc.account} --fiscal-year ${doc.fiscal_year} --by "<manager>"`,
      );
    if (by.trim().toLowerCase() === doc.created_by.trim().toLowerCase()) {
      throw new AccountPlanTransitionError(
        `${by} wrote this plan and cannot approve it`,
        'a CSM manager other than the author approves it (reference/004 "Manager approval workflow")',
      );
    }
    edits.push(set(['approved_by'], by), set(['approved_at'], date));
  }
  if (step === 'activate') edits.push(set(['activated_at'], date));
  return edits;
}

/** Rules beyond the schema (csp validate): approvals recorded, unique ids, ARR and QBR dates that make sense. */
export function checkAccountPlan(doc: AccountPlan): RawIssue[] {
  const issues: RawIssue[] = [];
  const source = 'reference/004 (PRD-235)';
  if ((doc.status === 'approved' || doc.status === 'active') && (!doc.approved_by || !doc.approved_at)) {
    issues.push({
      code: 'account-plan-unapproved',
      severity: 'error',
      path: '/status',
      message: `status is ${doc.status} but no manager's approval is recorded (approved_by, approved_at)`,
      hint: `csp account-plan approve ${doc.account} --fiscal-year ${doc.fiscal_year} --by "<manager>"`,
      source,
    });
  }
  const seen = new Set<string>();
  (doc.strategic_objectives ?? []).forEach((o, i) => {
    if (seen.has(o.id))
      issues.push({
        code: 'duplicate-id',
        severity: 'error',
        path: `/strategic_objectives/${i}/id`,
        message: `objective id ${o.id} is used twice`,
        hint: 'give each objective its own so-N id',
      });
    seen.add(o.id);
  });
  const e = doc.expansion_plan;
  if (
    e &&
    typeof e.current_arr_usd === 'number' &&
    typeof e.target_arr_usd === 'number' &&
    e.target_arr_usd < e.current_arr_usd
  ) {
    issues.push({
      code: 'account-plan-arr-down',
      severity: 'warning',
      path: '/expansion_plan/target_arr_usd',
      message: `the target ARR (${e.target_arr_usd}) is below today's (${e.current_arr_usd})`,
      source,
    });
  }
  const fy = parseFiscalYear(doc.fiscal_year);
  (doc.qbr_schedule ?? []).forEach((q, i) => {
    if (fy && isIsoDate(q.date) && quarterOf(fy, q.date) !== q.quarter) {
      issues.push({
        code: 'account-plan-qbr-date',
        severity: 'warning',
        path: `/qbr_schedule/${i}/date`,
        message: `the ${q.quarter} QBR is dated ${q.date}, outside ${q.quarter} of ${doc.fiscal_year}`,
        source,
      });
    }
  });
  return issues;
}
