/**
 * Output: the only place colour lives. Results go to stdout (with --json, stdout holds the JSON
 * document alone); notes, warnings and errors go to stderr. Colour follows NO_COLOR, FORCE_COLOR
 * and --no-color (chalk does not honour NO_COLOR by itself: chalk #547), else whether stdout is a
 * terminal. Control characters from data are escaped in every human-readable line (escapeControls).
 */
import type { Issue } from '../domain/issue.js';

/** A stream csp writes to. */
export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Text styles; identity functions when colour is off. */
export interface Styles {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

/** No colour (for --json, pipes and files). */
export const NO_STYLE: Styles = {
  red: (s) => s,
  yellow: (s) => s,
  green: (s) => s,
  cyan: (s) => s,
  dim: (s) => s,
  bold: (s) => s,
};

/** Writes what a command has to say. */
export interface Reporter {
  readonly json: boolean;
  readonly style: Styles;
  /** A line of the command's result (stdout; not in --json mode). */
  result(text: string): void;
  /**
   * Document text on stdout (a workflow, a plan, a diff of one; not in --json mode): written as
   * result writes it, but never rewritten as hints are after --infohub (the text is data).
   */
  document(text: string): void;
  /** A note for the person at the terminal (stderr). */
  info(text: string): void;
  /** A warning (stderr). */
  warn(text: string): void;
  /** The machine-readable result (stdout, --json mode only). */
  data(value: unknown): void;
}

/** Decides whether to colour output (NO_COLOR, FORCE_COLOR, --no-color, TTY). */
export function colorEnabled(
  env: Record<string, string | undefined>,
  flag: boolean | undefined,
  stream: OutStream,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return !!stream.isTTY && env.TERM !== 'dumb';
}

/**
 * Characters that must not reach a terminal raw from data (a plan's account name, a file's line
 * quoted under an issue): C0 controls but tab and line feed, DEL, C1 controls (ESC starts every
 * terminal sequence: a title change, a screen clear, a hyperlink), and the bidirectional
 * overrides that make text read other than it is. Issue 19.
 */
const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text with every control character written visibly (`\x1b`, `\x07`, `\u202e`); tab and line feed kept. Pure. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** The colour codes the styles write (SGR, as chalk writes them at level 1): the only escape sequences finish lets through. */
const SGR_OF_STYLES = /\x1b\[(?:1|2|22|31|32|33|36|39)m/g;

/**
 * The text styles for a terminal and the last step of every human-readable line: `finish`
 * escapes every control character the text holds (escapeControls) but the colour codes of the
 * styles themselves (a colour is all that data could forge through them). Without colour,
 * styles are identities and finish escapes everything.
 */
export function terminalStyles(color: boolean): { style: Styles; finish(text: string): string } {
  if (!color) return { style: NO_STYLE, finish: escapeControls };
  const wrap = (open: number, close: number) => {
    const [o, c] = [`\x1b[${open}m`, `\x1b[${close}m`];
    // NOTE: as chalk does, a nested style's close code reopens this one.
    return (s: string) => o + s.split(c).join(c + o) + c;
  };
  return {
    style: {
      red: wrap(31, 39),
      yellow: wrap(33, 39),
      green: wrap(32, 39),
      cyan: wrap(36, 39),
      dim: wrap(2, 22),
      bold: wrap(1, 22),
    },
    finish: (text) => {
      let out = '';
      let at = 0;
      for (const m of text.matchAll(SGR_OF_STYLES)) {
        out += escapeControls(text.slice(at, m.index)) + m[0];
        at = m.index! + m[0].length;
      }
      return out + escapeControls(text.slice(at));
    },
  };
}

/**
 * Builds a reporter. `redact` masks secrets in everything it writes; every human-readable line
 * has its control characters escaped (terminalStyles), the --json document is JSON-escaped already;
 * `hints` rewrites the csp commands a human-readable line names (hint-infohub.ts pinInfoHub).
 */
export async function createReporter(
  io: { stdout: OutStream; stderr: OutStream },
  options: { json: boolean; color: boolean; redact?: (text: string) => string; hints?: (text: string) => string },
): Promise<Reporter> {
  const mask = options.redact ?? ((text: string) => text);
  const { style, finish: escapeText } = terminalStyles(options.color);
  const finish = options.hints ? (text: string) => escapeText(options.hints!(text)) : escapeText;
  return {
    json: options.json,
    style,
    result: (text) => {
      if (!options.json) io.stdout.write(mask(finish(text.endsWith('\n') ? text : text + '\n')));
    },
    document: (text) => {
      if (!options.json) io.stdout.write(mask(escapeText(text.endsWith('\n') ? text : text + '\n')));
    },
    info: (text) => io.stderr.write(mask(finish(text.endsWith('\n') ? text : text + '\n'))),
    warn: (text) => io.stderr.write(mask(finish(`${style.yellow('warning:')} ${text}\n`))),
    data: (value) => {
      if (options.json) for (const chunk of jsonChunks(value)) io.stdout.write(mask(chunk));
    },
  };
}

/** Arrays longer than this are written an item at a time by jsonChunks. */
const CHUNKED_ARRAY = 256;
/** About how many characters jsonChunks writes at a time. */
const PIECE = 65_536;

/**
 * `JSON.stringify(value, null, 2) + '\n'`, the same text, in pieces: the long arrays of a top-level
 * object (the 10,000 accounts of `csp status --json`) go an item at a time, so that the whole text
 * is never held at once, as a string and again as the bytes written (issue 4: peak memory). A piece
 * ends between two values, never inside a string, so masking each piece masks every secret.
 */
export function* jsonChunks(value: unknown): Generator<string> {
  const plain =
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  // NOTE: JSON.stringify leaves out the keys whose value it cannot write.
  const entries = plain
    ? Object.entries(value as Record<string, unknown>).filter(
        ([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol',
      )
    : [];
  if (!entries.some(([, v]) => Array.isArray(v) && v.length > CHUNKED_ARRAY)) {
    yield `${JSON.stringify(value, null, 2)}\n`;
    return;
  }
  const indent = (text: string, by: string) => text.replace(/\n/g, `\n${by}`);
  yield '{\n';
  for (const [i, [key, v]] of entries.entries()) {
    const comma = i < entries.length - 1 ? ',' : '';
    if (Array.isArray(v) && v.length > CHUNKED_ARRAY) {
      let piece = `  ${JSON.stringify(key)}: [\n`;
      for (let j = 0; j < v.length; j++) {
        piece += `    ${indent(JSON.stringify(v[j], null, 2) ?? 'null', '    ')}${j < v.length - 1 ? ',' : ''}\n`;
        if (piece.length >= PIECE) {
          yield piece;
          piece = '';
        }
      }
      yield `${piece}  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${indent(JSON.stringify(v, null, 2), '  ')}${comma}\n`;
    }
  }
  yield '}\n';
}

/**
 * Renders issues as `file:line:col: severity message [code] (at /pointer)`, with the hint and,
 * when the file's text is given, the offending line with a caret under the column.
 */
export function renderIssues(
  issues: readonly Issue[],
  style: Styles,
  textOf?: (file: string) => string | undefined,
): string {
  const lines: string[] = [];
  const cache = new Map<string, string[] | undefined>();
  for (const issue of issues) {
    const where = `${issue.file}${issue.line ? `:${issue.line}:${issue.col ?? 1}` : ''}`;
    const sev =
      issue.severity === 'error'
        ? style.red('error')
        : issue.severity === 'warning'
          ? style.yellow('warning')
          : style.cyan('gap');
    const at = issue.path ? style.dim(` (at ${issue.path})`) : '';
    lines.push(`${style.bold(where)}: ${sev} ${issue.message} ${style.dim(`[${issue.code}]`)}${at}`);
    if (textOf && issue.line && issue.severity !== 'info') {
      if (!cache.has(issue.file)) cache.set(issue.file, textOf(issue.file)?.split('\n'));
      const src = cache.get(issue.file)?.[issue.line - 1];
      if (src !== undefined) {
        const gutter = String(issue.line).padStart(5);
        lines.push(style.dim(`${gutter} | `) + src.replace(/\r$/, '').slice(0, 160));
        lines.push(style.dim(`${' '.repeat(5)} | `) + ' '.repeat(Math.max(0, (issue.col ?? 1) - 1)) + style.red('^'));
      }
    }
    if (issue.hint) lines.push(`  ${style.dim('fix:')} ${issue.hint}`);
  }
  return lines.join('\n');
}
