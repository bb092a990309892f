/**
 * References from an account's other documents into its plan (SPEC "The InfoHub layout": the
 * decision log links decisions to CSP objectives by id; the tracker and register hold synced
 * copies of milestones and risks). A decision's `objective` and its id-shaped `links`, a tracker
 * item's `source: csp#milestone/<id>` (or `csp#action/<id>`) and a register item's
 * `source: csp#risk/<id>` must name an item the plan has. Pure: ids and data in, RawIssue[] out.
 */
import { toPointer, type RawIssue } from './issue.js';

/** The prefixes of the ids a plan gives its items (stakeholders, objectives, key results, ...). */
const PLAN_ID = /^(sh|obj|kr|sc|ph|ms|ac|rk|vm)-[0-9]+$/;

/**
 * The ids of a plan's items, read from its YAML text without parsing it (block `id: x` and flow
 * `{ id: x, ... }` alike). Cheap enough to run for every account of a large InfoHub.
 */
export function planIdsIn(text: string): Set<string> {
  const ids = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s{,])["']?id["']?\s*:\s*["']?([a-z]+-[0-9]+)["']?(?=\s*(?:[,}#]|$))/gm))
    ids.add(m[1]);
  return ids;
}

/** The kinds of document that refer to the plan. */
export type ReferringKind = 'decision_log' | 'action_tracker' | 'risk_register';

type Item = Record<string, unknown>;

/**
 * The references of a decision log, action tracker or risk register that name no item of the
 * account's plan. A decision's unknown objective or link is an error (it is the only place that
 * link lives); a synced tracker or register item whose plan item is gone is a warning until
 * csp sync marks it cancelled (closed), which it then is on purpose.
 */
export function referenceIssues(
  kind: ReferringKind,
  data: unknown,
  planIds: ReadonlySet<string>,
  account: string,
): RawIssue[] {
  const out: RawIssue[] = [];
  const list = kind === 'decision_log' ? 'decisions' : kind === 'action_tracker' ? 'actions' : 'risks';
  const items = (data as Record<string, unknown> | null)?.[list];
  if (!Array.isArray(items)) return out;
  const known = (prefix: string) => [...planIds].filter((id) => id.startsWith(`${prefix}-`)).join(', ') || 'none';
  if (kind === 'decision_log') {
    const ownIds = new Set(
      items.map((d) => (d as Item | null)?.id).filter((id): id is string => typeof id === 'string'),
    );
    items.forEach((d, i) => {
      const item = (d ?? {}) as Item;
      const id = String(item.id ?? `#${i + 1}`);
      if (typeof item.objective === 'string' && !planIds.has(item.objective)) {
        out.push({
          code: 'reference-unknown',
          severity: 'error',
          path: toPointer([list, i, 'objective']),
          message: `decision ${id} serves objective ${item.objective}, which is not in ${account}'s plan`,
          hint: `name one of the plan's objectives (${known('obj')}), or remove the objective line`,
        });
      }
      if (Array.isArray(item.links)) {
        item.links.forEach((link, l) => {
          if (typeof link !== 'string') return;
          const target = link.trim();
          const missing = PLAN_ID.test(target)
            ? !planIds.has(target)
            : /^dec-[0-9]+$/.test(target)
              ? !ownIds.has(target)
              : false;
          if (missing)
            out.push({
              code: 'reference-unknown',
              severity: 'error',
              path: toPointer([list, i, 'links', l]),
              message: `decision ${id} links ${target}, which is not in ${/^dec-/.test(target) ? 'the decision log' : `${account}'s plan`}`,
              hint: `link an item that exists (${/^dec-/.test(target) ? [...ownIds].join(', ') : known(target.split('-')[0])}), or remove the link`,
            });
        });
      }
    });
    return out;
  }
  const closed = kind === 'action_tracker' ? 'cancelled' : 'closed';
  items.forEach((x, i) => {
    const item = (x ?? {}) as Item;
    const m = typeof item.source === 'string' ? /^csp#(milestone|action|risk)\/(.+)$/.exec(item.source) : null;
    if (!m || planIds.has(m[2]) || item.status === closed) return;
    out.push({
      code: 'reference-unknown',
      severity: 'warning',
      path: toPointer([list, i, 'source']),
      message: `${kind === 'action_tracker' ? 'action' : 'risk'} ${String(item.id ?? `#${i + 1}`)} is synced from ${m[1]} ${m[2]}, which is not in ${account}'s plan`,
      hint: `csp sync ${account} marks it ${closed}; or remove its source line to keep it as your own item`,
    });
  });
  return out;
}
