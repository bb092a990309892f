/**
 * Which documents a change asks `csp validate --changed-since` to check (issue 14): the changed
 * documents themselves, and every plan the change could affect. A change to an account's action
 * tracker, risk register, decision log or health signals affects that account's plan; a change to
 * `.csp.yaml`, the team's playbooks, `.csp/schemas/` or the health model affects every document,
 * so the whole InfoHub is checked. Pure: paths in, paths out.
 */
import { compareText } from '../domain/compare.js';
import { docKindOf } from '../schema/documents.js';

/** The InfoHub-wide files of the configuration, relative to the InfoHub root ('/' separated). */
export interface ScopeSettings {
  /** The team's playbooks folder (.csp.yaml playbooks_dir), if any. */
  playbooksDir?: string;
  /** The team's health model file (.csp.yaml health_model), if any. */
  healthModel?: string;
}

/** What to check. */
export type ChangeScope =
  | { whole: true /** The changed file that makes every document worth checking. */; because: string }
  | {
      whole: false;
      /** Changed documents, relative to the InfoHub root. */
      documents: string[];
      /** Accounts whose plan (success_plan/csp.yaml) the change could affect. */
      plans: string[];
    };

/** An account's documents that its plan is checked with, by file name. */
const PLAN_COMPANIONS = new Set([
  'action_tracker.yaml',
  'risk_register.yaml',
  'decision_log.yaml',
  'health_signals.yaml',
]);

/**
 * The scope of a change. `changed` are paths relative to the InfoHub root ('/' separated; a path
 * outside the InfoHub starts with '../' and is ignored unless it is a configured playbooks folder
 * or health model).
 */
export function changeScope(changed: readonly string[], settings: ScopeSettings = {}): ChangeScope {
  const documents = new Set<string>();
  const plans = new Set<string>();
  const under = (path: string, dir: string | undefined) =>
    dir !== undefined && dir !== '' && (path === dir || path.startsWith(`${dir.replace(/\/+$/, '')}/`));
  for (const path of changed) {
    if (
      path === '.csp.yaml' ||
      under(path, '.csp/schemas') ||
      under(path, settings.playbooksDir) ||
      (settings.healthModel !== undefined && path === settings.healthModel)
    ) {
      return { whole: true, because: path };
    }
    if (path.startsWith('../') || path.startsWith('.')) continue;
    const parts = path.split('/');
    const account = parts[0]!;
    if (parts.length === 2 && PLAN_COMPANIONS.has(parts[1]!)) {
      documents.add(path);
      plans.add(account);
    } else if (parts.length === 3 && parts[1] === 'success_plan' && parts[2] === 'csp.yaml') {
      plans.add(account);
    } else if (parts.length === 3 && docKindOf(path) === 'account_plan') {
      documents.add(path);
    }
  }
  return { whole: false, documents: [...documents].sort(compareText), plans: [...plans].sort(compareText) };
}
