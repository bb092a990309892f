/**
 * The `# yaml-language-server: $schema=<relative path>` line of a plan moves with the file: a
 * snapshot in csp_history/ is one folder deeper than csp.yaml, so a byte-for-byte copy would point
 * its editor at a schema that is not there. Snapshots and restores rewrite that line (and nothing
 * else). Pure.
 */

const MODELINE = /^(\uFEFF?)# yaml-language-server: *\$schema=[^\r\n]*/;

/**
 * The text with its leading modeline replaced by `modeline` (the BOM and line ending kept).
 * Text without a modeline on its first line is returned unchanged: csp adds none to a copy.
 */
export function withModeline(text: string, modeline: string): string {
  return text.replace(MODELINE, (_all, bom: string) => `${bom}${modeline}`);
}

/** True when two plan texts are the same apart from their modeline (a snapshot and the plan it copied). */
export function sameApartFromModeline(a: string, b: string): boolean {
  const strip = (t: string) => t.replace(MODELINE, '$1');
  return strip(a) === strip(b);
}
