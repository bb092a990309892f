/**
 * A plan as it stood on a date (SPEC "Health and reminders": everything is "computed for an
 * `--as-of` date"): what is dated after that day had not happened yet, so every view computed
 * for the date leaves it out. One function for the whole class, used by health, value progress,
 * reminders, status, refresh and the account plan: a view computed "as of" a date never reads a
 * measurement, review, sign-off, approval, completion or decision dated after it.
 * Pure: plan and date in, a copy out (the input is never changed).
 */
import { isIsoDate, type IsoDate } from './dates.js';
import type { Plan } from './plan.js';

/** True when a date is known and after the as-of date (a value that is not a date is kept: the schema reports it). */
export function after(date: unknown, asOf: IsoDate): boolean {
  return isIsoDate(date) && date > asOf;
}

/**
 * The plan as of a date: value measurements, customer reviews (and meta.last_customer_review,
 * then the latest review on or before the date), the customer sign-off and the manager's
 * approval dated after it are left out, and a milestone completed after it is still in progress.
 * Returns the plan itself when nothing is dated after the date.
 */
export function planAsOf(plan: Plan, asOf: IsoDate): Plan {
  if (!hasLater(plan, asOf)) return plan;
  const copy = structuredClone(plan);
  for (const metric of copy.value_tracking?.metrics ?? []) {
    if (metric.measurements) metric.measurements = metric.measurements.filter((m) => !after(m.date, asOf));
  }
  const governance = copy.governance;
  if (governance?.customer_reviews)
    governance.customer_reviews = governance.customer_reviews.filter((r) => !after(r.date, asOf));
  if (after(copy.meta.last_customer_review, asOf)) {
    const earlier = (governance?.customer_reviews ?? [])
      .map((r) => r.date)
      .filter(isIsoDate)
      .sort()
      .pop();
    copy.meta.last_customer_review = earlier ?? null;
  }
  if (copy.meta.customer_sign_off && after(copy.meta.customer_sign_off.date, asOf)) copy.meta.customer_sign_off = null;
  if (copy.meta.manager_approval && after(copy.meta.manager_approval.date, asOf)) delete copy.meta.manager_approval;
  for (const phase of copy.adoption_journey?.phases ?? []) {
    for (const m of phase.milestones ?? []) {
      if (m.status === 'done' && after(m.completed, asOf)) {
        m.status = 'in_progress';
        delete m.completed;
      }
    }
  }
  return copy;
}

/** Items of a dated list on or before the date (decisions, signals); undated items are kept. */
export function onOrBefore<T extends { date?: unknown }>(items: readonly T[], asOf: IsoDate): T[] {
  return items.filter((i) => !after(i.date, asOf));
}

function hasLater(plan: Plan, asOf: IsoDate): boolean {
  if ((plan.value_tracking?.metrics ?? []).some((m) => (m.measurements ?? []).some((x) => after(x.date, asOf))))
    return true;
  if ((plan.governance?.customer_reviews ?? []).some((r) => after(r.date, asOf))) return true;
  if (
    after(plan.meta?.last_customer_review, asOf) ||
    after(plan.meta?.customer_sign_off?.date, asOf) ||
    after(plan.meta?.manager_approval?.date, asOf)
  )
    return true;
  return (plan.adoption_journey?.phases ?? []).some((p) =>
    (p.milestones ?? []).some((m) => m.status === 'done' && after(m.completed, asOf)),
  );
}
