/** Reminders as text for a terminal (csp remind, csp status). */
import type { Styles } from '../../cli/render.js';
import type { Reminder } from '../../domain/reminders.js';

/** The reminders of one account as text lines. */
export function reminderLines(reminders: readonly Reminder[], style: Styles): string[] {
  return reminders.map((r) => {
    const flag = r.escalation ? style.red('ESCALATION') : r.new ? style.yellow('new') : style.dim('open');
    return `  ${flag.padEnd(r.escalation ? 10 : 4)} ${r.date}  ${r.subject.replace(/^\[[^\]]*\] /, '')}  ${style.dim(`-> ${r.to}`)}\n${style.dim(`       ${r.detail}`)}`;
  });
}
