/**
 * How git is told to use csp's merge driver (ECOSYSTEM "A git merge driver"): the command in
 * `.git/config` (`merge.csp.driver`, one clone's set-up) and the committed `.gitattributes` lines
 * that attach it to csp's documents. Pure: text in, text out.
 */
import { shQuote } from '../domain/shell.js';

/** The merge driver's name: `merge=csp` in .gitattributes, `merge.csp.*` in .git/config. */
export const DRIVER_NAME = 'csp';

/** The line that opens csp's block in .gitattributes. */
export const ATTRIBUTES_MARKER =
  '# csp: merge csp documents by item id and field (csp merge-file; csp hook install registers it)';

/** The .gitattributes lines csp writes, one per kind of document it merges as data. */
export const ATTRIBUTE_LINES: readonly string[] = [
  '**/success_plan/csp.yaml merge=csp',
  '**/success_plan/csp_history/*.yaml merge=csp',
  '**/action_tracker.yaml merge=csp',
  '**/risk_register.yaml merge=csp',
  '**/decision_log.yaml merge=csp',
  '**/health_signals.yaml merge=csp',
  '**/account_plan/*.yaml merge=csp',
];

/**
 * The .gitattributes text with csp's lines added, or null when every line is already there.
 * Existing content is kept as it is; missing lines go after csp's marker (added at the end once).
 */
export function withDriverAttributes(existing: string | null): string | null {
  const text = existing ?? '';
  const have = new Set(text.split(/\r?\n/).map((l) => l.trim().replace(/\s+/g, ' ')));
  const missing = ATTRIBUTE_LINES.filter((l) => !have.has(l));
  if (missing.length === 0) return null;
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() === ATTRIBUTES_MARKER);
  if (at >= 0) {
    lines.splice(at + 1, 0, ...missing);
    return lines.join('\n');
  }
  const sep = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return `${text}${sep}${ATTRIBUTES_MARKER}\n${missing.join('\n')}\n`;
}

/**
 * The `merge.csp.driver` command. git runs it through the shell with the clone's PATH: it runs the
 * csp that registered it (absolute node and bin paths, so a GUI client without node on its PATH
 * works too), else `csp` from the PATH, else git's own line merge, so a side is never lost.
 */
export function driverCommand(options: { node: string; csp: string }): string {
  const args = 'merge-file %O %A %B --path %P --marker-size %L';
  return [
    `n=${shQuote(options.node)}; [ -x "$n" ] || n=node`,
    `[ -f ${shQuote(options.csp)} ] && exec "$n" ${shQuote(options.csp)} ${args}`,
    `command -v csp >/dev/null 2>&1 && exec csp ${args}`,
    'exec git merge-file -L ours -L base -L theirs %A %O %B',
  ].join('; ');
}
