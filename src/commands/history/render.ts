/** Text rendering of a plan diff (history/diff.ts), shared by csp diff and csp restore. */
import type { Styles } from '../../cli/render.js';
import type { Change, PlanDiff } from '../../history/diff.js';

/** Facts shown after an added or removed item's label, when it has them. */
const FACTS = ['phase', 'due', 'when', 'owner', 'who', 'status', 'probability', 'impact', 'side', 'role', 'target'];

/** Shows a value on one line: strings as they are (cut at 80 characters), others as JSON. */
function showValue(value: unknown): string {
  if (value === undefined || value === null) return '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const flat = text.replace(/\s*\n\s*/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

/** The sections of a diff as indented lines: `+` added, `-` removed, `~` changed. */
export function renderPlanDiff(diff: PlanDiff, style: Styles): string[] {
  const lines: string[] = [];
  for (const section of diff.sections) {
    lines.push(style.bold(section.section));
    for (const change of section.changes) lines.push(...renderChange(change, style));
  }
  return lines;
}

function renderChange(c: Change, style: Styles): string[] {
  const mark = c.change === 'added' ? style.green('+') : c.change === 'removed' ? style.red('-') : style.yellow('~');
  if (c.field !== undefined) {
    return [
      `  ${mark} ${c.field}: ${c.change === 'added' ? showValue(c.after) : c.change === 'removed' ? `${showValue(c.before)} (removed)` : `${showValue(c.before)} -> ${showValue(c.after)}`}`,
    ];
  }
  const head = `  ${mark} ${c.id}${c.label ? ` ${showValue(c.label)}` : ''}`;
  if (c.change !== 'changed') {
    const item = (c.after ?? c.before) as Record<string, unknown>;
    const facts = FACTS.filter((k) => item[k] !== undefined && item[k] !== null && item[k] !== '').map(
      (k) => `${k} ${showValue(item[k])}`,
    );
    return [
      `${head}${facts.length ? style.dim(` (${facts.join(', ')})`) : ''}${c.change === 'removed' ? ' removed' : ''}`,
    ];
  }
  const fields = c.fields ?? [];
  const one = (f: { field: string; before?: unknown; after?: unknown }) =>
    `${f.field}: ${showValue(f.before)} -> ${showValue(f.after)}`;
  if (fields.length === 1) return [`${head}: ${one(fields[0])}`];
  return [head, ...fields.map((f) => `      ${one(f)}`)];
}

/** "2 added, 1 removed, 3 changed" (or "no differences"). */
export function diffSummary(diff: PlanDiff): string {
  const parts = (['added', 'removed', 'changed'] as const)
    .filter((k) => diff.counts[k] > 0)
    .map((k) => `${diff.counts[k]} ${k}`);
  return parts.length ? parts.join(', ') : 'no differences';
}
