/**
 * The model request of csp draft: a tool whose input holds exactly the sections the plan lacks
 * (draftNeeds), built from the definitions of schemas/csp.schema.json, and the prompt: the plan as
 * the customer could see it (internal fields removed), its playbook's suggestions, and what the
 * most similar accounts of the InfoHub wrote. Pure: data in, a ModelRequest out.
 */
import type { DraftNeed } from '../drafting/draft.js';
import type { Plan } from '../domain/plan.js';
import type { Playbook } from '../domain/playbook.js';
import type { SimilarAccount } from '../similarity/similar.js';
import { donorText } from '../drafting/donor.js';
import { peopleOf } from '../domain/plan.js';
import type { JsonSchema } from '../schema/schemas.js';
import { withoutInternal } from './context.js';
import type { ModelRequest, ToolSpec } from './port.js';
import { arrayOf, CONFIDENCE, ref, toolInputSchema, variant } from './tool-schemas.js';

/** The name of the tool csp draft forces. */
export const DRAFT_TOOL = 'propose_plan_sections';

/** The draft tool for these needs: one property per missing section, nothing else allowed. */
export function draftTool(cspSchema: JsonSchema, needs: readonly DraftNeed[]): ToolSpec {
  const props: Record<string, JsonSchema> = {};
  for (const need of needs) {
    switch (need.section) {
      case 'objectives':
        if (need.addObjectives) {
          const keyResults = (
            (cspSchema.definitions as Record<string, JsonSchema>).objective.properties as Record<string, JsonSchema>
          ).key_results;
          props.objectives = arrayOf(
            variant(cspSchema, 'objective', {
              required: ['owner', 'key_results'],
              properties: { key_results: { ...keyResults, minItems: 1 } },
            }),
            need.addObjectives.min,
            need.addObjectives.max,
          );
        }
        if (need.objectivesWithoutKeyResults?.length) {
          props.key_results = arrayOf(
            {
              type: 'object',
              additionalProperties: false,
              required: ['objective', 'key_result'],
              properties: {
                objective: { type: 'string', enum: need.objectivesWithoutKeyResults },
                key_result: ref('keyResult'),
              },
            },
            need.objectivesWithoutKeyResults.length,
          );
        }
        break;
      case 'success-criteria':
        props.success_criteria = arrayOf(
          variant(cspSchema, 'successCriterion', { required: ['baseline', 'target', 'measurement', 'due'] }),
          1,
          5,
        );
        break;
      case 'technical-evaluation': {
        const te = (cspSchema.definitions as Record<string, JsonSchema>).technicalEvaluation.properties as Record<
          string,
          JsonSchema
        >;
        const fields = need.techEvalFields ?? [];
        props.technical_evaluation = {
          type: 'object',
          additionalProperties: false,
          required: [...fields],
          properties: Object.fromEntries(fields.map((f) => [f, te[f]])),
        };
        break;
      }
      case 'adoption-journey':
        props.adoption_journey = {
          type: 'object',
          additionalProperties: false,
          required: ['phases'],
          properties: { phases: arrayOf(variant(cspSchema, 'phase', { required: ['start', 'end', 'milestones'] }), 1) },
        };
        break;
      case 'risks':
        props.risks = arrayOf(variant(cspSchema, 'risk', { required: ['mitigation', 'owner'] }), 1);
        break;
      case 'value-metrics':
        props.value_metrics = arrayOf(
          variant(cspSchema, 'valueMetric', {
            required: ['baseline', 'target'],
            properties: { baseline: { description: 'The value before the plan, a number.', type: 'number' } },
          }),
          1,
        );
        break;
      case 'raci': {
        const governance = (cspSchema.definitions as Record<string, JsonSchema>).governance.properties as Record<
          string,
          JsonSchema
        >;
        props.raci = arrayOf((governance.raci as JsonSchema).items as JsonSchema, 1);
        break;
      }
    }
  }
  props.confidence = CONFIDENCE;
  props.rationale = {
    description: 'One or two sentences on what the draft is based on.',
    type: 'string',
    maxLength: 2000,
  };
  return {
    name: DRAFT_TOOL,
    description:
      'Propose the missing sections of a Customer Success Plan. Only the sections listed in the schema can be proposed; everything else in the plan stays as it is.',
    inputSchema: toolInputSchema(cspSchema, props, ['rationale']),
  };
}

/** Everything the draft prompt is built from. */
export interface DraftPromptInput {
  cspSchema: JsonSchema;
  plan: Plan;
  playbook: Playbook;
  similar: readonly SimilarAccount[];
  needs: readonly DraftNeed[];
  today: string;
  maxTokens: number;
}

const SYSTEM = `You draft sections of Customer Success Plans (CSPs): the customer-facing, mutually agreed roadmap from pre-sales to renewal.
Rules:
- Call the tool once with every section it asks for. Do not propose anything the tool does not define.
- Objectives are SMART (specific, measurable, achievable, relevant, time-bound); 3-5 per plan in total; each has at least one key result with a numeric baseline and target where possible.
- Success criteria: 1-5, each with baseline, target, how it is measured, and a due date.
- Owners are people of the plan: use a stakeholder's name or id, or the plan owner's name, exactly as listed.
- Dates are YYYY-MM-DD. Milestones fall inside the plan's timeline and leave 10-20% of it free at the end as contingency.
- Every risk has a mitigation the customer can read. No RED (high x high, high x medium) risk without one.
- RACI rows have exactly one A (accountable) per activity.
- Ids you write are provisional; csp renumbers them.
- Set ai_confidence (0-1) on items you are less or more sure of than the draft as a whole.`;

/** Builds the draft request: system rules, the plan, playbook suggestions and similar accounts. */
export function draftRequest(input: DraftPromptInput): ModelRequest {
  const { plan, playbook, similar, needs } = input;
  const visible = withoutInternal(input.cspSchema, plan);
  // NOTE: the model sees no other customer's names (issue 19): their text comes through donorText,
  // which puts this customer's name in and leaves out what still names them; and no account slug.
  const examples = similar.map((s, i) => {
    const scrub = donorText(s.plan, plan);
    const keep = <T>(items: T[], texts: (t: T) => Array<string | undefined>) =>
      items.filter((t) => texts(t).every((x) => x === undefined || scrub(x) !== null)).map((t) => t);
    const swap = (x: string | undefined) => (x === undefined ? undefined : (scrub(x) ?? undefined));
    return {
      account: `similar account ${i + 1}`,
      because: s.because,
      health: s.health,
      objectives: keep(s.plan.business_outcomes?.objectives ?? [], (o) => [
        o.statement,
        ...(o.key_results ?? []).flatMap((k) => [k.metric, k.unit]),
      ]).map((o) => ({
        statement: swap(o.statement),
        key_results: (o.key_results ?? []).map((k) => ({
          metric: swap(k.metric),
          unit: swap(k.unit),
          baseline: k.baseline,
          target: k.target,
        })),
      })),
      success_criteria: keep(s.plan.success_criteria ?? [], (c) => [c.criterion]).map((c) => swap(c.criterion)),
      risks: keep(s.plan.risks ?? [], (r) => [r.title, r.mitigation]).map((r) => ({
        title: swap(r.title),
        mitigation: swap(r.mitigation),
      })),
    };
  });
  const suggestions = {
    objectives: playbook.objectives ?? [],
    success_criteria: playbook.success_criteria ?? [],
    risks: playbook.risks ?? [],
    raci: playbook.raci ?? [],
    phases: playbook.phases,
    timeline: playbook.timeline,
    technical_evaluation: playbook.technical_evaluation ?? {},
  };
  const text = [
    `Today is ${input.today}. Draft these missing parts of the plan of ${plan.meta.account_name} (${plan.meta.plan_type} plan, phase ${plan.meta.phase}):`,
    ...needs.map((n) => `- ${n.section}: ${n.description}`),
    '',
    `People who can own items: ${peopleOf(plan).describe()}.`,
    `The plan's timeline: ${plan.meta.plan_start ?? '?'} to ${plan.meta.plan_end ?? '?'}.`,
    '',
    'The plan as it is (YAML data as JSON):',
    JSON.stringify(visible, null, 1),
    '',
    `The ${playbook.plan_type} playbook's suggestions (days count from the plan start, or from the renewal date for renewal plans; {account} and {use_case} are placeholders):`,
    JSON.stringify(suggestions, null, 1),
    '',
    similar.length
      ? "The most similar accounts in the InfoHub (healthiest first); reuse what fits, with this customer's names:"
      : 'There are no similar accounts in the InfoHub.',
    ...(similar.length ? [JSON.stringify(examples, null, 1)] : []),
  ].join('\n');
  return {
    system: SYSTEM,
    messages: [{ role: 'user', text }],
    tool: draftTool(input.cspSchema, needs),
    maxTokens: input.maxTokens,
  };
}
