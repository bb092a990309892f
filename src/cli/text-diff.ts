/**
 * A proposed change shown the way people review changes: a unified diff of the file as it is and
 * as it would be written (the exact bytes csp would write, comments kept), with a few lines of
 * context, `+` lines green and `-` lines red when colour is on. Used by csp draft and csp notes
 * before anything is written.
 */
import { structuredPatch } from 'diff';
import { NO_STYLE, type Styles } from './render.js';

/** A unified diff of before -> after for the file named `file`; '' when nothing changes. */
export function renderTextDiff(
  file: string,
  before: string,
  after: string,
  style: Styles = NO_STYLE,
  context = 2,
): string {
  if (before === after) return '';
  const patch = structuredPatch(file, file, before, after, '', '', { context });
  const lines = [style.bold(`--- ${file}`), style.bold(`+++ ${file} (proposed)`)];
  for (const hunk of patch.hunks) {
    lines.push(style.cyan(`@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`));
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue;
      lines.push(line.startsWith('+') ? style.green(line) : line.startsWith('-') ? style.red(line) : line);
    }
  }
  return lines.join('\n');
}
