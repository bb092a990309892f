/**
 * The documents csp knows, their schema files, and where they live in an account folder
 * (SPEC "The InfoHub layout"). Pure data: no I/O.
 */

/** A kind of document csp validates. */
export type DocKind =
  | 'csp'
  | 'action_tracker'
  | 'risk_register'
  | 'decision_log'
  | 'config'
  | 'playbook'
  | 'health_model'
  | 'health_signals'
  | 'signal_mapping'
  | 'account_plan';

/** Schema file name (in schemas/) and $id of each document kind. */
export const SCHEMA_FILES: Record<DocKind, string> = {
  csp: 'csp.schema.json',
  action_tracker: 'action_tracker.schema.json',
  risk_register: 'risk_register.schema.json',
  decision_log: 'decision_log.schema.json',
  config: 'config.schema.json',
  playbook: 'playbook.schema.json',
  health_model: 'health_model.schema.json',
  health_signals: 'health_signals.schema.json',
  signal_mapping: 'signal_mapping.schema.json',
  account_plan: 'account_plan.schema.json',
};

/** The document kind of a path inside an InfoHub, from its file name and folder; null when csp does not own it. */
export function docKindOf(path: string): DocKind | null {
  const p = path.replace(/\\/g, '/');
  if (/(^|\/)success_plan\/csp\.yaml$/.test(p)) return 'csp';
  if (/(^|\/)success_plan\/csp_history\/csp_v[0-9]+_[0-9]{4}-[0-9]{2}-[0-9]{2}\.yaml$/.test(p)) return 'csp';
  if (/(^|\/)action_tracker\.yaml$/.test(p)) return 'action_tracker';
  if (/(^|\/)risk_register\.yaml$/.test(p)) return 'risk_register';
  if (/(^|\/)decision_log\.yaml$/.test(p)) return 'decision_log';
  if (/(^|\/)health_signals\.yaml$/.test(p)) return 'health_signals';
  if (/(^|\/)account_plan\/account_plan_FY[0-9]{4}\.yaml$/.test(p)) return 'account_plan';
  if (/(^|\/)\.csp\.yaml$/.test(p)) return 'config';
  return null;
}
