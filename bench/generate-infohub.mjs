// Generates realistic InfoHubs for the benchmark (infohub.bench.mjs) and the parser differential
// test (tests/unit/yaml/differential.test.ts): complete, valid plans of about 15 KB each in the
// four phases, with the account's action tracker, risk register and decision log beside them.
// Deterministic: the same seed gives the same files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small seeded PRNG (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Sarah',
  'Marcus',
  'Priya',
  'Chen',
  'Olu',
  'Ana',
  'Jonas',
  'Fatima',
  'Kenji',
  'Lucía',
  'Dmitri',
  'Aisha',
  'Tom',
  'Ines',
];
const LAST = [
  'Chen',
  'Webb',
  'Natarajan',
  'Okafor',
  'Silva',
  'Berg',
  'Haddad',
  'Tanaka',
  'García',
  'Ivanov',
  'Diallo',
  'Murphy',
  'Rossi',
];
const INDUSTRIES = [
  'Technology',
  'Retail',
  'Healthcare',
  'Financial services',
  'Manufacturing',
  'Media',
  'Logistics',
  'Education',
];
const ROLES = ['champion', 'executive_sponsor', 'technical_buyer', 'economic_buyer', 'admin', 'end_user'];
const LEVELS = ['high', 'medium', 'low'];
const PHASES = ['initiate', 'develop', 'finalize', 'execute'];

const pad = (n) => String(n).padStart(2, '0');
function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * One account's plan as data. `i` numbers the account; `asOf` is the day the InfoHub is
 * generated for (plans were updated in the 90 days before it).
 */
export function generatePlan(i, random = rng(i + 1), asOf = '2026-11-22') {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const slug = `account-${String(i).padStart(5, '0')}`;
  const name = `${pick(['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne'])} ${pick(['Industries', 'Corp', 'Group', 'Holdings', 'Labs'])} ${i}`;
  // NOTE: an InfoHub holds more running accounts than deals in progress: 10% initiate, 15% develop, 20% finalize, 55% execute.
  const phase = PHASES[[0, 0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3][i % 20]];
  const start = addDays(asOf, -int(30, 200));
  const end = addDays(start, 364);
  const created = addDays(start, -int(10, 40));
  const updated = addDays(asOf, -int(0, 90));
  const person = () => `${pick(FIRST)} ${pick(LAST)}`;
  const sa = person();
  const ca = person();
  const customers = Array.from({ length: 5 }, (_, k) => ({
    id: `sh-${k + 1}`,
    name: `${person()} ${k + 1}`,
    title: pick(['VP Operations', 'CTO', 'Director of Support', 'Head of CS', 'IT Manager', 'CFO']),
    email: `person${k + 1}@${slug}.example`,
    side: 'customer',
    role: ROLES[k % ROLES.length],
    engagement: pick(['high', 'medium']),
    relationship_score: int(30, 95),
    internal_assessment: `Engaged in ${int(2, 9)} of the last 10 meetings; ${pick(['strong advocate', 'cautious', 'prefers the incumbent', 'new in role'])}.`,
  }));
  const stakeholders = [
    ...customers,
    { id: 'sh-6', name: sa, title: 'Solutions Architect', side: 'vendor', role: 'SA' },
    { id: 'sh-7', name: ca, title: 'Customer Success Manager', side: 'vendor', role: 'CA' },
  ];
  const objectives = Array.from({ length: 5 }, (_, k) => ({
    id: `obj-${k + 1}`,
    statement: `${pick(['Cut', 'Raise', 'Reach', 'Reduce'])} ${pick(['QBR preparation time', 'weekly active use', 'ticket backlog', 'time to first value', 'manual reporting'])} ${pick(['by 50%', 'to 80%', 'below 2 days', 'within 90 days'])} for ${name} by ${addDays(start, 90 * (k + 1))}`,
    owner: `sh-${(k % 4) + 1}`,
    status: phase === 'execute' ? pick(['in_progress', 'achieved', 'not_started']) : 'not_started',
    key_results: Array.from({ length: 2 }, (_, r) => ({
      id: `kr-${k * 2 + r + 1}`,
      metric: `${pick(['Prep time', 'Active users', 'Backlog', 'Days to value'])} ${k + 1}.${r + 1}`,
      unit: pick(['days', 'percent', 'count']),
      baseline: int(0, 50),
      target: int(51, 100),
      due: addDays(start, 60 * (r + 1) + 30 * k),
      owner: `sh-${(k % 4) + 1}`,
    })),
  }));
  const milestoneIds = { n: 0 };
  const phases = Array.from({ length: 4 }, (_, p) => {
    const ps = addDays(start, p * 75);
    const pe = addDays(ps, 70);
    return {
      id: `ph-${p + 1}`,
      name: ['Foundation', 'Implementation', 'Adoption', 'Value review'][p],
      start: ps,
      end: pe,
      goal: `${['Access, SSO and kickoff done', 'Integrations and first workflows live', 'All users onboarded', 'Value confirmed with the sponsor'][p]} for ${name}`,
      milestones: Array.from({ length: 4 }, (_, m) => {
        const due = addDays(ps, 15 * (m + 1));
        const done = phase === 'execute' && due < asOf && random() < 0.8;
        return {
          id: `ms-${++milestoneIds.n}`,
          title: `${pick(['Kickoff held', 'SSO configured', 'CRM sync live', 'Training complete', 'Dashboard adopted', 'QBR held'])} (${p + 1}.${m + 1})`,
          due,
          owner: pick(['sh-1', 'sh-6', 'sh-7']),
          status: done ? 'done' : due < asOf ? 'in_progress' : 'not_started',
          ...(done ? { completed: addDays(due, int(-5, 6)) } : {}),
          deliverable: `Deliverable ${p + 1}.${m + 1}: ${pick(['signed-off configuration', 'usage report', 'training attendance', 'QBR deck'])}`,
        };
      }),
      actions: Array.from({ length: 3 }, (_, a) => ({
        id: `ac-${p * 3 + a + 1}`,
        what: `${pick(['Provision', 'Map', 'Review', 'Schedule'])} ${pick(['SSO', 'CRM fields', 'training', 'dashboards'])} for phase ${p + 1}`,
        who: pick(['sh-2', 'sh-6', 'sh-7']),
        when: addDays(ps, 5 + a * 7),
        depends_on: a === 0 ? [] : [`ac-${p * 3 + 1}`],
      })),
    };
  });
  const risks = Array.from({ length: 5 }, (_, r) => ({
    id: `rk-${r + 1}`,
    title: pick([
      'Single-threaded through the champion',
      'Customer resources not available',
      'Low adoption after go-live',
      'Budget cut at renewal',
    ]),
    probability: pick(LEVELS),
    impact: pick(LEVELS),
    mitigation: `Mitigation ${r + 1}: ${pick(['quarterly executive briefing', 'named resources agreed at kickoff', 'role-based training and an adoption dashboard', 'ROI review before the budget cycle'])}`,
    analysis: `Internal: ${pick(['competitor active', 'reorg rumoured', 'sponsor new in role', 'low usage last quarter'])}.`,
    owner: pick(['sh-6', 'sh-7']),
    status: pick(['open', 'open', 'mitigating']),
  }));
  const metrics = Array.from({ length: 4 }, (_, v) => {
    const baseline = int(10, 40);
    const target = baseline + int(20, 50);
    let value = baseline;
    const measurements =
      phase === 'execute'
        ? Array.from({ length: 6 }, (_, k) => ({
            date: addDays(start, 30 * (k + 1)),
            value: (value += int(0, 6)),
          })).filter((m) => m.date <= asOf)
        : [];
    return {
      id: `vm-${v + 1}`,
      name: `Metric ${v + 1}`,
      unit: 'percent',
      baseline,
      target,
      linked_to: `kr-${v + 1}`,
      measurements,
    };
  });
  const reviews =
    phase === 'finalize' || phase === 'execute'
      ? Array.from({ length: 3 }, (_, k) => ({
          date: addDays(updated, -int(0, 20) - 30 * (2 - k)),
          with: `sh-${k + 1}`,
          notes: `Review ${k + 1}: agreed ${pick(['the success criteria and milestones', 'the adoption targets', 'the QBR agenda and the value metrics'])}; next steps ${pick(['SSO rollout', 'training plan', 'executive briefing'])}.`,
          ...(phase === 'execute' && k === 2 ? { signed_off: true } : {}),
        }))
      : [];
  const signOff = phase === 'execute' ? { by: customers[2].name, date: reviews[2].date } : null;
  const plan = {
    schema_version: 1,
    meta: {
      account: slug,
      account_name: name,
      plan_type: pick(['onboarding', 'expansion', 'renewal', 'recovery']),
      phase,
      status: { initiate: 'draft', develop: 'draft', finalize: 'pending_review', execute: 'active' }[phase],
      owner: { name: phase === 'execute' ? ca : sa, role: phase === 'execute' ? 'CA' : 'SA' },
      opportunity_stage: { initiate: 'Stage 2', develop: 'Stage 3', finalize: 'Stage 4', execute: 'Closed Won' }[phase],
      arr_usd: int(20, 900) * 1000,
      created,
      // biome-ignore lint/complexity/useMathMinMax: ISO date strings compare as text; Math.max would make them NaN.
      updated: updated < created ? created : updated,
      plan_start: start,
      plan_end: end,
      stage2_date: addDays(created, -int(3, 60)),
      ...(phase === 'execute' ? { closed_won_date: addDays(created, int(10, 40)) } : {}),
      last_customer_review: reviews[2]?.date ?? null,
      customer_sign_off: signOff,
      crm: {
        source: 'salesforce',
        account_id: `001Dn${String(i).padStart(10, '0')}`,
        opportunity_id: `006Dn${String(i).padStart(10, '0')}`,
      },
    },
    customer_context: {
      industry: pick(INDUSTRIES),
      segment: pick(['Enterprise', 'Mid-market', 'SMB']),
      primary_use_case: `${pick(['Customer success operations', 'Support consolidation', 'Revenue analytics', 'Field service'])} at ${name}`,
      background: `${int(200, 9000)}-person company consolidating ${int(2, 5)} tools; the new ${pick(['VP CS', 'COO', 'CIO'])} wants one system of record before the next planning cycle. ${pick(['Budget approved for two years.', 'Procurement asked for a pilot first.', 'The incumbent renews in six months.'])}`,
      contract: { start, end, renewal_date: end },
    },
    stakeholders,
    business_outcomes: {
      current_state: `Today ${name} runs ${int(2, 5)} disconnected tools; QBR preparation takes ${int(2, 5)} days per account and nobody sees health across the portfolio.`,
      objectives,
    },
    ...(phase === 'initiate'
      ? {}
      : {
          success_criteria: Array.from({ length: 3 }, (_, c) => ({
            id: `sc-${c + 1}`,
            criterion: `Criterion ${c + 1}: ${pick(['QBR deck generated from live data', 'health score visible for every account', 'first workflow live'])}`,
            baseline: pick(['manual', '0%', 'none']),
            target: pick(['automatic', '100%', 'live']),
            measurement: `${pick(['Pilot with 5 accounts', 'Portfolio report', 'Production logs'])}`,
            due: addDays(start, 45 * (c + 1)),
          })),
          technical_evaluation: {
            plan: 'Two-week sandbox with CRM sync and SSO; the success criteria demonstrated live.',
            scope: 'CRM sync, SSO, health dashboard',
            resources: ['1 SA (50%)', 'Customer admin (20%)', 'Integration engineer (2 weeks)'],
            timeline: { start: addDays(created, 5), end: addDays(created, 19) },
            status: phase === 'develop' ? 'in_progress' : 'passed',
          },
          adoption_journey: { phases },
        }),
    ...(phase === 'finalize' || phase === 'execute'
      ? {
          risks,
          value_tracking: { metrics },
          governance: {
            raci: [
              {
                activity: 'Kickoff and plan agreement',
                customer_exec: 'A',
                customer_admin: 'C',
                csm: 'R',
                support: 'I',
              },
              {
                activity: 'Configuration and integration',
                customer_exec: 'I',
                customer_admin: 'R',
                csm: 'A',
                support: 'C',
              },
              { activity: 'User training', customer_exec: 'I', customer_admin: 'A', csm: 'R', support: 'C' },
              { activity: 'Value review and QBR', customer_exec: 'A', customer_admin: 'C', csm: 'R', support: 'I' },
            ],
            cadence: {
              kickoff: addDays(start, 1),
              weekly: 'Tuesday 10:00',
              monthly_review: 'First Thursday',
              qbr: [addDays(start, 90), addDays(start, 180), addDays(start, 270)],
            },
            customer_reviews: reviews,
          },
        }
      : {}),
    ...(phase === 'execute'
      ? {
          handoff: {
            from: sa,
            to: ca,
            date: addDays(created, 30),
            checklist: [
              { item: 'Business outcomes walked through with the CA', done: true },
              { item: 'Stakeholder map transferred', done: true },
            ],
            open_items: ['Confirm SSO rollout date'],
            accepted: true,
            accepted_by: ca,
            accepted_date: addDays(created, 32),
          },
        }
      : {}),
    internal_notes: {
      competitive_context: `Incumbent offered a ${int(10, 40)}% discount to renew.`,
      commercial_notes: `Multi-year option at ${int(3, 9)}% uplift discussed with procurement.`,
    },
  };
  return plan;
}

const PLAIN = /^[A-Za-z][A-Za-z0-9 ,.()%/&+'-]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

function scalar(v) {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return PLAIN.test(v) && !RESERVED.test(v) && !/ $|: | #/.test(v) ? v : JSON.stringify(v);
}

/** Block-style YAML for plain data (what csp writes): dates and odd strings double-quoted. */
export function toYaml(value, indent = '') {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value
      .map((item) =>
        item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0
          ? `\n${indent}- ${toYaml(item, indent + '  ').trimStart()}`
          : `\n${indent}-${toYaml(item, indent + '  ')}`,
      )
      .join('');
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) return ' {}';
    return keys.map((k) => `\n${indent}${k}:${toYaml(value[k], indent + '  ')}`).join('');
  }
  return ` ${scalar(value)}`;
}

/** The text of a plan file, with the modeline csp writes. */
export function planText(plan) {
  return `# yaml-language-server: $schema=../../.csp/schemas/csp.schema.json${toYaml(plan)}\n`;
}

/** Writes an InfoHub of n accounts into dir (csp.yaml, action_tracker.yaml, risk_register.yaml, decision_log.yaml each). Returns the bytes written. */
export function writeInfoHub(dir, n, asOf = '2026-11-22') {
  let bytes = 0;
  const write = (path, text) => {
    writeFileSync(path, text);
    bytes += Buffer.byteLength(text);
  };
  for (let i = 0; i < n; i++) {
    const plan = generatePlan(i, rng(i + 1), asOf);
    const account = join(dir, plan.meta.account);
    mkdirSync(join(account, 'success_plan'), { recursive: true });
    write(join(account, 'success_plan', 'csp.yaml'), planText(plan));
    const milestones = (plan.adoption_journey?.phases ?? []).flatMap((p) => p.milestones);
    write(
      join(account, 'action_tracker.yaml'),
      `# yaml-language-server: $schema=../.csp/schemas/action_tracker.schema.json${toYaml({ schema_version: 1, account: plan.meta.account, actions: milestones.slice(0, 4).map((m, k) => ({ id: `ac-${k + 1}`, title: m.title, owner: plan.meta.owner.name, due: m.due, status: m.status === 'done' ? 'done' : 'open', source: `csp#milestone/${m.id}` })) })}\n`,
    );
    write(
      join(account, 'risk_register.yaml'),
      `# yaml-language-server: $schema=../.csp/schemas/risk_register.schema.json${toYaml({ schema_version: 1, account: plan.meta.account, risks: (plan.risks ?? []).slice(0, 2).map((r, k) => ({ id: `rk-${k + 1}`, title: r.title, probability: r.probability, impact: r.impact, mitigation: r.mitigation, owner: plan.meta.owner.name, status: r.status, source: `csp#risk/${r.id}` })) })}\n`,
    );
    write(
      join(account, 'decision_log.yaml'),
      `# yaml-language-server: $schema=../.csp/schemas/decision_log.schema.json${toYaml({ schema_version: 1, account: plan.meta.account, decisions: [{ id: 'dec-1', date: plan.meta.created, decision: 'Start with the CRM sync before SSO', decided_by: plan.meta.owner.name, rationale: 'The sync carries the health data the sponsor wants first' }] })}\n`,
    );
  }
  mkdirSync(join(dir, '.csp'), { recursive: true });
  return bytes;
}

export { pad };
