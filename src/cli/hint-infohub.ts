/**
 * Hints that run as printed after `--infohub <dir>` (SPEC "Commands": every hint csp prints must
 * run as printed). A user who named the InfoHub with --infohub runs csp from a folder where it is not
 * found by itself, so a hint such as `csp set acme ...` would fail there: every csp command a
 * human-readable line names gets the same `--infohub <dir>`, as a global flag right after `csp`.
 * Pure: text in, text out.
 */
import { shellWord } from '../domain/shell.js';

/** The --infohub value in process arguments (`--infohub dir` or `--infohub=dir`), or undefined. */
export function infohubArgument(args: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (arg === '--infohub' && i + 1 < args.length) found = args[++i];
    else if (arg.startsWith('--infohub=')) found = arg.slice('--infohub='.length);
  }
  return found;
}

/**
 * The text with `--infohub <dir>` put after `csp` wherever a csp command is named: `csp` at the
 * start of the text or after a space, quote, backtick, parenthesis or colon, followed by one of
 * `commands` (the top-level command names) and a word end. A command that already names an
 * InfoHub is left as it is.
 */
export function pinInfoHub(text: string, dir: string, commands: ReadonlySet<string>): string {
  if (!text.includes('csp ')) return text;
  const flag = `--infohub ${shellWord(dir)} `;
  const pattern = /(^|[\s`'"(:])csp ([a-z][a-z-]*)(?=$|[\s`'",.;:)])/gm;
  return text.replace(pattern, (whole, before: string, name: string, at: number) => {
    const end = text.indexOf('\n', at);
    const rest = text.slice(at + whole.length, end === -1 ? undefined : end);
    if (!commands.has(name) || name === 'help' || name === 'completion' || /(^|\s)--infohub[\s=]/.test(rest))
      return whole;
    return `${before}csp ${flag}${name}`;
  });
}
