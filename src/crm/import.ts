/**
 * `csp import` decided (SPEC "Commands": "creates CSPs for every CRM opportunity that the SPEC's
 * trigger requires"; SPEC "Lifecycle and gates": a CSP is required at Stage 2+ with ARR above
 * $100K, for any SA-validated technical evaluation, and for any strategic account).
 *
 * - importTrigger: does an account need a plan, in which phase, and why (or why not);
 * - importedPlan: the new plan, in the phase its stage implies, filled with what the export and
 *   the playbook legitimately give (contacts, industry, ARR, stage, dates; for develop and later
 *   the playbook's phases and milestones, as csp develop and finalize scaffold them) and marked
 *   meta.imported so that what only a person can write is a backfill warning (gates.ts);
 * - crmUpdate: on a re-import, the edits that bring the CRM-owned fields (x-crm-owned in the
 *   schema: stage, ARR, dates, meta.crm, contacts as stakeholders) in step, and nothing else.
 * Pure: CRM records, playbook and dates in; plans, edits and reasons out.
 */
import type { CrmAccount, CrmContact, CrmOpportunity } from './types.js';
import { accountArrUsd, planOpportunity, saValidatedEvaluation } from './accounts.js';
import type { IsoDate } from '../domain/dates.js';
import { append, applyEditsToData, set, type Edit } from '../domain/edit.js';
import { planDevelop, planFinalize } from '../domain/lifecycle.js';
import { idsWithPrefix, nextId, type Plan } from '../domain/plan.js';
import type { Playbook } from '../domain/playbook.js';
import { newPlan } from '../domain/scaffold.js';
import {
  PHASES,
  phaseForStage,
  triggerReasons,
  type LifecyclePhase,
  type OpportunityStage,
  type TriggerReason,
} from '../domain/stage.js';

/** Why an account needs a CSP (SPEC "Lifecycle and gates"). */
export type { TriggerReason };

/** What the trigger says about one account. Money in US dollars. */
export interface TriggerDecision {
  required: boolean;
  /** Every reason that applies (empty when not required). */
  reasons: TriggerReason[];
  /** Why no plan is required, in words; undefined when one is. */
  skipReason?: string;
  /** The stage of the deal the CSP is about (planOpportunity), or null. */
  stage: OpportunityStage | null;
  /** The account's ARR (accountArrUsd), or null when no counted deal has an amount. */
  arrUsd: number | null;
  /** The phase a new plan starts in: from the stage, initiate when the stage implies none. */
  phase: LifecyclePhase;
  opportunity: CrmOpportunity | null;
}

/** What the trigger compares against. */
export interface TriggerSettings {
  /** A CSP is required above this ARR, in US dollars (config minArrUsd, --min-arr). */
  minArrUsd: number;
  /** The export's reference date for the ARR window (exportReferenceDate). */
  referenceDate: IsoDate | null;
  /** True when the account is on the strategic list (--strategic). */
  strategic: boolean;
}

/** Formats US dollars for messages: $100,000 or $1,234.5. */
export function usd(amount: number): string {
  return `$${amount.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
}

/**
 * Applies the SPEC's trigger to an account: Stage 2 or later (Closed Won included) with ARR
 * strictly above the threshold; or an SA-validated evaluation; or a strategic account. An
 * account required only by the last two whose stage implies no phase (Stage 1, no deal) starts
 * in initiate.
 */
export function importTrigger(account: CrmAccount, settings: TriggerSettings): TriggerDecision {
  const opportunity = planOpportunity(account);
  const stage = opportunity?.stage ?? null;
  const arrUsd = accountArrUsd(account, settings.referenceDate);
  const reasons = triggerReasons(
    { stage, arrUsd, saValidated: saValidatedEvaluation(account), strategic: settings.strategic },
    settings.minArrUsd,
  );
  const phase = (stage && phaseForStage(stage)) || 'initiate';
  const base = { stage, arrUsd, phase, opportunity };
  if (reasons.length > 0) return { ...base, required: true, reasons };
  return { ...base, required: false, reasons, skipReason: whyNot(account, stage, arrUsd, settings.minArrUsd) };
}

function whyNot(account: CrmAccount, stage: OpportunityStage | null, arr: number | null, min: number): string {
  if (stage === null) {
    return account.opportunities.length === 0
      ? 'no opportunities in the export'
      : 'no open or Closed Won opportunity (only Closed Lost or unknown stages)';
  }
  if (stage === 'Stage 1') return 'its deal is at Stage 1: a CSP starts at Stage 2';
  if (arr === null) return `${stage}, but no amount on its deals, so its ARR is unknown`;
  return `${stage}, ARR ${usd(arr)} is not above ${usd(min)}`;
}

/** What the export says about an account that csp keeps in the plan (the x-crm-owned fields). */
export interface CrmFacts {
  stage: OpportunityStage | null;
  arrUsd: number | null;
  stage2Date: IsoDate | null;
  closedWonDate: IsoDate | null;
  crm: { source: string; account_id: string; opportunity_id?: string; opportunity_name?: string; raw_stage?: string };
  contacts: CrmContact[];
}

/**
 * The CRM-owned facts of an account: the stage and ARR of importTrigger, the Stage 2 date (the
 * deal's engage date, when the export has one) and the Closed Won date (the won deal's close date).
 */
export function crmFacts(
  account: CrmAccount,
  decision: Pick<TriggerDecision, 'stage' | 'arrUsd' | 'opportunity'>,
): CrmFacts {
  const o = decision.opportunity;
  return {
    stage: decision.stage,
    arrUsd: decision.arrUsd,
    stage2Date: o && o.stage !== 'Stage 1' ? o.engageDate : null,
    closedWonDate: o?.stage === 'Closed Won' ? o.closeDate : null,
    crm: {
      source: account.source,
      account_id: account.id,
      ...(o ? { opportunity_id: o.id, opportunity_name: o.name, raw_stage: o.rawStage } : {}),
    },
    contacts: account.contacts,
  };
}

/** Everything importedPlan needs beyond the account. */
export interface ImportedPlanInput {
  account: CrmAccount;
  /** The account's slug (its folder). */
  slug: string;
  decision: TriggerDecision;
  planType: Plan['meta']['plan_type'];
  /** The plan owner: the SA, or the CA for a plan that starts in execute. */
  owner: string;
  strategic: boolean;
  today: IsoDate;
}

/** Descriptions that CRM sample data fills with placeholder text, which is no business background. */
const PLACEHOLDER = /^sample description\b/i;

/**
 * A new plan for an account the trigger selected, in the phase its stage implies. Starts as
 * csp init --from-crm would (newPlan), then applies what csp develop and csp finalize scaffold
 * for a later phase (dated playbook phases and milestones, technical evaluation resources and
 * timeline, RACI and cadence, empty risk and review lists). At execute the owner is a CA.
 * meta.imported records the source, date and phase; the CRM's sales owner joins as the AE.
 */
export function importedPlan(input: ImportedPlanInput, playbook: Playbook): Plan {
  const { account, decision, today } = input;
  const facts = crmFacts(account, decision);
  const description = account.description && !PLACEHOLDER.test(account.description) ? account.description : undefined;
  let plan = newPlan(
    {
      account: input.slug,
      accountName: account.name,
      planType: input.planType,
      owner: { name: input.owner },
      ...(facts.stage ? { stage: facts.stage } : {}),
      ...(facts.arrUsd !== null ? { arrUsd: facts.arrUsd } : {}),
      ...(input.strategic ? { strategic: true } : {}),
      ...(account.industry ? { industry: account.industry } : {}),
      ...(account.employees !== undefined ? { employees: account.employees } : {}),
      ...(account.region ? { region: account.region } : {}),
      ...(description ? { background: description } : {}),
      ...(facts.stage2Date ? { stage2Date: facts.stage2Date } : {}),
      ...(facts.closedWonDate ? { closedWonDate: facts.closedWonDate } : {}),
      planStart: today,
      crm: { ...facts.crm, synced: today },
      contacts: account.contacts.map((c) => ({
        name: c.name,
        ...(c.title ? { title: c.title } : {}),
        ...(c.email ? { email: c.email } : {}),
        crmId: c.id,
      })),
      today,
    },
    playbook,
  );
  const seller = decision.opportunity?.owner;
  if (seller && !(plan.stakeholders ?? []).some((s) => s.name.toLowerCase() === seller.toLowerCase())) {
    plan = applyEditsToData(plan, [
      append(['stakeholders'], {
        id: nextId('sh', idsWithPrefix(plan, 'sh')),
        name: seller,
        title: 'Account Executive',
        side: 'vendor',
        role: 'AE',
      }),
    ]);
  }
  if (decision.required && decision.reasons.includes('sa-validated')) plan.meta.sa_validated_evaluation = true;
  const rank = PHASES.indexOf(decision.phase);
  if (rank >= 1) plan = applyEditsToData(plan, planDevelop(plan, playbook, today).edits);
  if (rank >= 2) plan = applyEditsToData(plan, planFinalize(plan, playbook, today).edits);
  if (decision.phase === 'execute') {
    plan.meta.phase = 'execute';
    plan.meta.owner = { name: input.owner, role: 'CA' };
    const own = (plan.stakeholders ?? []).find((s) => s.id === 'sh-1');
    if (own) Object.assign(own, { title: 'Customer Success / Account Manager', role: 'CA' });
  }
  plan.meta.imported = { source: account.source, date: today, phase: decision.phase };
  return plan;
}

/** A re-import's decision for one existing plan: the edits, and each change in words. */
export interface CrmUpdate {
  edits: Edit[];
  changes: string[];
}

/**
 * The edits that bring an existing plan's CRM-owned fields in step with the export: stage, ARR,
 * the Stage 2 and Closed Won dates, meta.crm (synced moves only when something else changed),
 * and contacts: a stakeholder linked by crm_contact_id gets the CRM's name, title and email; an
 * unlinked customer stakeholder of the same name is linked; a new contact is appended (side
 * customer, role other). Values the export lacks are left alone, and nothing else is touched:
 * a second import of the same export gives no edits.
 */
export function crmUpdate(plan: Plan, facts: CrmFacts, today: IsoDate): CrmUpdate {
  const edits: Edit[] = [];
  const changes: string[] = [];
  const meta = plan.meta;
  const change = (path: Array<string | number>, before: unknown, after: unknown, label: string) => {
    if (after === null || after === undefined || before === after) return;
    edits.push(set(path, after));
    changes.push(
      `${label}: ${before === undefined || before === null ? '(none)' : String(before)} -> ${String(after)}`,
    );
  };
  change(['meta', 'opportunity_stage'], meta.opportunity_stage, facts.stage, 'stage');
  change(['meta', 'arr_usd'], meta.arr_usd, facts.arrUsd, 'ARR');
  change(['meta', 'stage2_date'], meta.stage2_date, facts.stage2Date, 'Stage 2 date');
  change(['meta', 'closed_won_date'], meta.closed_won_date, facts.closedWonDate, 'Closed Won date');
  for (const [key, value] of Object.entries(facts.crm))
    change(['meta', 'crm', key], (meta.crm as Record<string, unknown> | undefined)?.[key], value, `crm ${key}`);

  const stakeholders = plan.stakeholders ?? [];
  const used = idsWithPrefix(plan, 'sh');
  for (const contact of facts.contacts) {
    let linked = stakeholders.findIndex((s) => s.crm_contact_id === contact.id);
    if (linked < 0) {
      linked = stakeholders.findIndex(
        (s) => s.side === 'customer' && !s.crm_contact_id && s.name.trim().toLowerCase() === contact.name.toLowerCase(),
      );
      if (linked >= 0)
        change(
          ['stakeholders', linked, 'crm_contact_id'],
          undefined,
          contact.id,
          `stakeholder ${stakeholders[linked].id} linked to CRM contact`,
        );
    }
    if (linked >= 0) {
      const s = stakeholders[linked];
      const who = `stakeholder ${s.id}`;
      change(['stakeholders', linked, 'name'], s.name, contact.name, `${who} name`);
      change(['stakeholders', linked, 'title'], s.title, contact.title, `${who} title`);
      change(['stakeholders', linked, 'email'], s.email, contact.email, `${who} email`);
      continue;
    }
    const id = nextId('sh', used);
    used.push(id);
    edits.push(
      append(['stakeholders'], {
        id,
        name: contact.name,
        ...(contact.title ? { title: contact.title } : {}),
        ...(contact.email ? { email: contact.email } : {}),
        side: 'customer',
        role: 'other',
        crm_contact_id: contact.id,
      }),
    );
    changes.push(`new stakeholder ${id}: ${contact.name} (CRM contact ${contact.id})`);
  }
  if (edits.length > 0 && meta.crm?.synced !== today) edits.push(set(['meta', 'crm', 'synced'], today));
  return { edits, changes };
}

/** The paths crmUpdate may edit, as schema locations: what the schema marks x-crm-owned (a unit test compares them). */
export const CRM_OWNED_PATHS = [
  'meta.opportunity_stage',
  'meta.arr_usd',
  'meta.stage2_date',
  'meta.closed_won_date',
  'meta.crm',
  'stakeholders[].crm_contact_id',
] as const;

/**
 * A strategic account list (--strategic <file>): one account id or name per line; blank lines
 * and lines starting with # are ignored. Matching ignores case and surrounding spaces.
 */
export function parseStrategicList(text: string): Array<{ line: number; name: string }> {
  return text.split(/\r?\n/).flatMap((raw, i) => {
    const name = raw.trim();
    return name === '' || name.startsWith('#') ? [] : [{ line: i + 1, name }];
  });
}

/** True when the account's id, name or slug is on the list (see parseStrategicList). */
export function isListed(account: CrmAccount, slug: string, list: ReadonlySet<string>): boolean {
  return list.has(account.id.toLowerCase()) || list.has(account.name.toLowerCase()) || list.has(slug);
}

/**
 * The plan type of a new imported plan: expansion for an existing customer (a Closed Won deal)
 * whose plan is about a new open deal; otherwise the fallback (--plan-type, else the team's
 * default_plan_type).
 */
export function planTypeFor(
  account: CrmAccount,
  decision: Pick<TriggerDecision, 'opportunity'>,
  fallback: Plan['meta']['plan_type'],
): Plan['meta']['plan_type'] {
  const customer = account.opportunities.some((o) => o.stage === 'Closed Won');
  const open = decision.opportunity !== null && decision.opportunity.stage !== 'Closed Won';
  return customer && open ? 'expansion' : fallback;
}
