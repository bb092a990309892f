/**
 * The model request of csp account-plan: a tool whose input is the content of an account plan,
 * built from schemas/account_plan.schema.json (everything but the metadata, the status workflow
 * and the generation context, which csp writes itself), and the prompt: the account's CSP (internal
 * fields removed), its CSP health, the fiscal year and the most similar accounts. The PRD's
 * generation guidance (reference/004) is in the instructions. Pure.
 */
import type { FiscalYear } from '../drafting/account-plan.js';
import type { CspHealth } from '../domain/plan-health.js';
import type { Plan } from '../domain/plan.js';
import type { SimilarAccount } from '../similarity/similar.js';
import type { JsonSchema } from '../schema/schemas.js';
import { withoutInternal } from './context.js';
import type { ModelRequest, ToolSpec } from './port.js';
import { CONFIDENCE, toolInputSchema } from './tool-schemas.js';

/** The name of the tool csp account-plan forces. */
export const ACCOUNT_PLAN_TOOL = 'propose_account_plan';

/** The account plan parts the model writes. */
export const ACCOUNT_PLAN_PARTS = [
  'executive_summary',
  'business_context',
  'strategic_objectives',
  'stakeholder_plan',
  'expansion_plan',
  'risk_mitigation',
  'qbr_schedule',
  'resource_plan',
  'action_plan_90day',
] as const;

/** The tool: the account plan's parts, each as the account plan schema defines it. */
export function accountPlanTool(schema: JsonSchema): ToolSpec {
  const props = schema.properties as Record<string, JsonSchema>;
  const parts: Record<string, JsonSchema> = Object.fromEntries(ACCOUNT_PLAN_PARTS.map((p) => [p, props[p]]));
  parts.confidence = CONFIDENCE;
  return {
    name: ACCOUNT_PLAN_TOOL,
    description:
      'Propose a fiscal-year account plan. Only the parts in the schema can be written; csp adds the metadata and status.',
    inputSchema: toolInputSchema(schema, parts),
  };
}

const SYSTEM = `You draft fiscal-year account plans for customer success managers; a manager reviews and approves them.
- 3-5 strategic objectives, specific and measurable, achievable within the fiscal year, balanced across retention, adoption and growth; each with 1-3 success metrics (current and target), quarterly milestones, an owner (CSM, Customer, Both, or a person) and a priority (critical, high, medium).
- Stakeholder plan: the current map, a relationship goal per customer stakeholder, the roles missing from ideal coverage (an executive sponsor of VP level or above, 2-3 champions, a technical buyer, an economic buyer), a multi-threading target and an executive sponsor strategy.
- Expansion: opportunities with type, value in US dollars and a probability from 0 to 1; a target ARR.
- Risks with mitigations, one QBR a quarter with its focus, resource allocations, and a 90-day action plan by week (1-13) with owners.
- Dates are YYYY-MM-DD inside the fiscal year. Use only facts from the account's data; say "to confirm" where you lack one.`;

/** Builds the account plan request. */
export function accountPlanRequest(input: {
  schema: JsonSchema;
  cspSchema: JsonSchema;
  plan: Plan;
  health: CspHealth;
  similar: readonly SimilarAccount[];
  fiscalYear: FiscalYear;
  today: string;
  maxTokens: number;
}): ModelRequest {
  const examples = input.similar.map((s) => ({
    account: s.account,
    because: s.because,
    health: s.health,
    arr_usd: s.arrUsd,
    objectives: (s.plan.business_outcomes?.objectives ?? []).map((o) => o.statement),
  }));
  const text = [
    `Today is ${input.today}. Draft the ${input.fiscalYear.label} account plan (${input.fiscalYear.start} to ${input.fiscalYear.end}) of ${input.plan.meta.account_name}.`,
    `CSP health: ${input.health.verdict}${input.health.reasons.length ? ` (${input.health.reasons.map((r) => r.message).join('; ')})` : ''}.`,
    '',
    "The account's customer success plan (JSON):",
    JSON.stringify(withoutInternal(input.cspSchema, input.plan), null, 1),
    '',
    examples.length
      ? `Similar accounts (most similar, healthiest first): ${JSON.stringify(examples, null, 1)}`
      : 'There are no similar accounts in the InfoHub.',
  ].join('\n');
  return {
    system: SYSTEM,
    messages: [{ role: 'user', text }],
    tool: accountPlanTool(input.schema),
    maxTokens: input.maxTokens,
  };
}
