/**
 * Every code a validation issue carries (Issue.code: `csp validate --json`, the CI formats, the
 * hooks and the phase gate print and branch on it), declared once so that a misspelt code,
 * produced or compared, is a compile error. docs/issue-codes.md lists them for users; a unit test
 * keeps that list, this one and the producers in step. Add a code here before emitting it.
 */
/**
 * The ids of the phase-gate requirements (domain/gates.ts REQUIREMENTS, SPEC "Lifecycle and
 * gates"), in the order a person fills a plan in. Each gives three codes: gate-<id> (an error
 * once the plan's phase requires it, an info gap the phase before), backfill-<id> (a warning on a
 * plan imported in its phase) and proposal-blocked-<id> (an error at the Stage 4 proposal).
 */
export const REQUIREMENT_IDS = [
  'context-industry',
  'context-use-case',
  'context-background',
  'stakeholder-customer',
  'objectives-count',
  'current-state',
  'success-criteria',
  'tech-eval-plan',
  'tech-eval-resources',
  'tech-eval-timeline',
  'milestones',
  'plan-dates',
  'adoption-phases',
  'objective-key-results',
  'risks',
  'risk-mitigations',
  'value-metrics',
  'value-baselines',
  'raci',
  'customer-review',
  'handoff-accepted',
] as const;

/** The id of one phase-gate requirement (REQUIREMENT_IDS). */
export type RequirementId = (typeof REQUIREMENT_IDS)[number];

/**
 * The codes csp's own checks emit, sorted: the SPEC's guardrails (domain/rules.ts), references,
 * the YAML reader's limits and syntax (yaml/read.ts: csp's own codes, not the parser's), the
 * document's shape, the staged-file checks of the pre-commit hook, the account plan and the
 * customer-health files.
 */
export const ISSUE_CODES = [
  'account-mismatch',
  'account-plan-arr-down',
  'account-plan-qbr-date',
  'account-plan-unapproved',
  'contingency-buffer',
  'dates-order',
  'duplicate-id',
  'empty-document',
  'file-too-large',
  'git-conflict-markers',
  'git-unmerged',
  'handoff-without-ca',
  'health-model',
  'interrupted-operation',
  'merge-renames-pending',
  'milestone-outside-plan',
  'not-a-mapping',
  'not-utf8',
  'owner-missing',
  'owner-unknown',
  'phase-dates-order',
  'phase-outside-plan',
  'plan-dates-order',
  'raci-accountable',
  'reference-unknown',
  'risk-red-unmitigated',
  'signal-mapping',
  'status-phase',
  'status-without-approval',
  'status-without-sign-off',
  'wrong-state',
  'yaml-duplicate-key',
  'yaml-syntax',
  'yaml-too-deep',
  'yaml-too-large',
  'yaml-too-many-aliases',
] as const;

/** The code prefixes of the phase-gate families, each followed by a RequirementId. */
export const GATE_FAMILIES = ['gate-', 'backfill-', 'proposal-blocked-'] as const;

/** A code of one phase-gate family for one requirement (gate-risks, proposal-blocked-raci...). */
export type GateCode = `${(typeof GATE_FAMILIES)[number]}${RequirementId}`;

/**
 * Codes of a higher layer that an issue may carry, added there by declaration merging: errors.ts
 * adds ErrorCode (a CspError met while reading one file, reported as that file's issue so the other
 * files are still checked: the scan, csp export). domain/ imports no higher layer
 * (.dependency-cruiser.cjs), so it leaves this slot for them.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging (errors.ts)
export interface CarriedIssueCodes {}

/**
 * A validation issue's code:
 * - one of ISSUE_CODES;
 * - schema-<keyword>: a JSON Schema violation, named by the ajv keyword that failed (schema-type,
 *   schema-required, schema-additionalProperties...): open, as the schemas choose their keywords;
 * - a GateCode: gate-, backfill- or proposal-blocked- and a RequirementId;
 * - a code of CarriedIssueCodes: an ErrorCode (file-unreadable, outside-infohub...) of a CspError
 *   met while reading one file.
 */
export type IssueCode = CheckCode | CarriedIssueCodes[keyof CarriedIssueCodes];

/** A code csp's own checks emit: one of ISSUE_CODES, schema-<keyword> or a GateCode. */
export type CheckCode = (typeof ISSUE_CODES)[number] | `schema-${string}` | GateCode;

/** True when text is a code csp's own checks emit (CheckCode; an error's code carried as an issue is not one). */
export function isCheckCode(text: string): text is CheckCode {
  if ((ISSUE_CODES as readonly string[]).includes(text)) return true;
  // NOTE: any ajv keyword, as the type says (ajv names a `false` subschema's failure "false schema").
  if (text.startsWith('schema-') && text.length > 'schema-'.length) return true;
  const family = GATE_FAMILIES.find((f) => text.startsWith(f));
  return family !== undefined && (REQUIREMENT_IDS as readonly string[]).includes(text.slice(family.length));
}
