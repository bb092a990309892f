/**
 * Shared by the parts of a YAML edit: the options, the errors, the parse options, the file's style and the text positions of nodes.
 * Part of yaml/edit.ts (the public API). Pure: text in, text out.
 */
import { type Document, isMap, isScalar, type Node, type Pair } from 'yaml';
import type { DocPath } from '../../domain/edit.js';

/** Options for an edit: the schema's key order (new keys go in schema order) and a modeline to ensure. */
export interface EditOptions {
  /** The keys of the map at a path, in the order the schema lists them. */
  keyOrder?: (path: DocPath) => readonly string[] | undefined;
  /** `# yaml-language-server: $schema=...` line to put first when the file has none. */
  modeline?: string;
}

/** Raised when an edit cannot be applied safely; nothing should be written. */
export class YamlEditError extends Error {}

/** The text is one csp refuses to edit for a reason the user can fix (mixed line ends): not a bug. */
export class YamlEditRefused extends YamlEditError {}

/** A date written YYYY-MM-DD: such strings are written double-quoted so YAML keeps them strings. */
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * NOTE: `yaml` writes an object that occurs twice in a value as an anchor and an alias (&a1 / *a1)
 * by default; plans never hold aliases (a later edit of one copy would change both), so values are
 * always written out in full.
 */
export const NO_ALIASES = { aliasDuplicateObjects: false } as const;

/** How every text is parsed here: duplicate keys are errors, errors are plain messages. */
export const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false } as const;

/** True for a map-like value (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The layout habits of a file that new lines follow. */
export interface Style {
  /** Sequences under a key are indented by two spaces (`key:\n  - a`) rather than not (`key:\n- a`). */
  indentSeq: boolean;
}

/** True when two document paths name the same node. */
export const samePath = (a: DocPath, b: DocPath) => a.length === b.length && a.every((k, i) => k === b[i]);

/** The value wrapped in the maps and lists the rest of a path needs (["a", 0] and v give { a: [v] }). */
export function nest(rest: DocPath, value: unknown): unknown {
  return rest.reduceRight<unknown>((acc, key) => (typeof key === 'number' ? [acc] : { [key]: acc }), value);
}

/** Replaces text[start, end) and keeps a trailing `# comment` on that line at its column where it can. */
export function replaceKeepingCommentColumn(text: string, start: number, end: number, replacement: string): string {
  const m = /^( +)#/.exec(text.slice(end, end + 200));
  if (!m) return text.slice(0, start) + replacement + text.slice(end);
  const pad = Math.max(1, m[1].length + (end - start) - replacement.length);
  return text.slice(0, start) + replacement + ' '.repeat(pad) + text.slice(end + m[1].length);
}

/** True for a yaml Pair (a key and a value, with no range of its own). */
export function isPairNode(item: unknown): item is Pair {
  return typeof item === 'object' && item !== null && 'key' in item && 'value' in item && !('range' in item);
}

/** The offset of the start of the line that holds offset. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The 0-based column of offset on its line. */
export function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The offset just after the line that holds offset-1 (so a range ending after '\n' stays put). */
export function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** The offset just after the last line of a map entry (its value, else its key). */
export function pairEnd(text: string, pair: Pair): number {
  const value = pair.value as Node | null;
  const end = value?.range ? value.range[1] : (pair.key as Node).range![1];
  return afterLine(text, end);
}

/** The offset of the "- " that introduces the node at offset, skipping spaces and line breaks; null when none. */
export function dashBefore(text: string, offset: number): number | null {
  let i = offset - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\n')) i--;
  return i >= 0 && text[i] === '-' ? i : null;
}

/** A map entry's key as a string. */
export function keyName(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** The 0-based column of the key of the map entry at path; null when the path does not end in a map entry. */
export function columnOfKey(text: string, doc: Document, path: DocPath): number | null {
  if (path.length === 0) return null;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return null;
  const pair = parent.items.find((p) => keyName(p) === String(path[path.length - 1]));
  return pair ? column(text, (pair.key as Node).range![0]) : null;
}

/** How the file indents sequences under keys, by majority (indented on a tie). */
export function detectStyle(text: string): Style {
  let indented = 0;
  let flush = 0;
  const lines = text.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    const m = /^(\s*)[^\s#-][^:]*:\s*(#.*)?$/.exec(lines[i]);
    if (!m) continue;
    const next = lines[i + 1];
    if (next.startsWith(m[1] + '- ')) flush++;
    else if (next.startsWith(m[1] + '  - ')) indented++;
  }
  return { indentSeq: flush <= indented };
}
