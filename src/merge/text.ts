/**
 * The merge of a document's text: parse the three versions, merge their data (merge.ts), then
 * write the result onto ours' text through the edit engine (yaml/edit.ts), so ours' comments,
 * key order, quoting and layout stay, and theirs' changes arrive as the smallest edits. A conflict
 * is then written as standard git conflict markers around the lines of that field (or item) alone:
 *
 *     <<<<<<< ours (meta.status)
 *       status: approved
 *     =======
 *       status: active
 *     >>>>>>> theirs (meta.status)
 *
 * Pure: text in, text out. Throws MergeTextError when a version does not parse or the result
 * cannot be verified; the caller then falls back to git's line merge.
 */
import { isMap, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { getAt, sameData, type DocPath, type Edit } from '../domain/edit.js';
import { editYamlText, type EditOptions } from '../yaml/edit.js';
import { parseYamlFast } from '../yaml/read.js';
import { carryTheirsComments } from './comments.js';
import {
  keysOf,
  mergeData,
  type IdKeeper,
  type IdRename,
  type KnownRenames,
  type MergeConflict,
  type TheirsValue,
} from './merge.js';
import type { RuleLookup } from './rules.js';

/** Raised when a merge cannot be done or checked as data; the caller falls back to a text merge. */
export class MergeTextError extends Error {}

/** A conflict as the merged text shows it: the field, and the lines (1-based) its markers start and end on. */
export interface TextConflict extends MergeConflict {
  /** The field as csp set names it: `meta.status`, `stakeholders.sh-2.title`. */
  field: string;
  startLine: number;
  endLine: number;
}

/** The merged text and what the merge did. `text` holds conflict markers when `conflicts` is not empty. */
export interface TextMergeResult {
  text: string;
  /** The merged data, with ours' side at each conflict. */
  data: unknown;
  conflicts: TextConflict[];
  renames: IdRename[];
}

/** How to merge one kind of document: its merge rules and the edit engine's options (key order). */
export interface TextMergeOptions {
  rules?: RuleLookup;
  edit?: EditOptions;
  /** The side that keeps an id both added (merge.ts IdKeeper; theirs unless rebasing). */
  keeper?: IdKeeper;
  /** Ids renumbered before this file: by another file of the account, or an earlier step of a rebase (merge.ts KnownRenames). */
  known?: KnownRenames;
}

const PARSE = { uniqueKeys: true, prettyErrors: false } as const;

/** The data of a version; throws MergeTextError naming the side when it is not valid YAML (or holds conflict markers). */
function dataOf(text: string, side: string): unknown {
  // NOTE: the fast reader (js-yaml, core schema) gives the same data as `yaml` for the YAML csp
  // reads, at a tenth of the cost; ours' text is parsed again by the edit engine anyway.
  const { data, issues } = parseYamlFast(text);
  if (issues.length > 0)
    throw new MergeTextError(`${side} cannot be merged as data: ${issues[0].message} (line ${issues[0].line ?? 1})`);
  return data;
}

/** Merges three versions of a document's text (see the module comment). */
export function mergeYamlText(
  baseText: string,
  oursText: string,
  theirsText: string,
  options: TextMergeOptions = {},
): TextMergeResult {
  const rules = options.rules ?? (() => undefined);
  const [base, ours, theirs] = [
    dataOf(baseText, 'the base version'),
    dataOf(oursText, 'ours'),
    dataOf(theirsText, 'theirs'),
  ];
  const { data, conflicts, renames, renumbered, fromTheirs } = mergeData(
    base,
    ours,
    theirs,
    rules,
    options.keeper,
    options.known,
  );
  const edits = [
    ...editsBetween(ours, renumbered, [], () => ({ kind: 'sequence' })),
    ...editsBetween(renumbered, data, [], rules),
  ];
  const edit = (text: string, more: readonly Edit[]) => {
    try {
      return more.length === 0 ? text : editYamlText(text, more, options.edit);
    } catch (error) {
      throw new MergeTextError(`the merged data could not be written onto the file: ${(error as Error).message}`);
    }
  };
  const merged = carryTheirsComments(
    carryTheirsLines(edit(oursText, edits), theirsText, data, theirs, fromTheirs),
    baseText,
    oursText,
    theirsText,
    data,
    rules,
  );
  if (conflicts.length === 0) return { text: merged, data, conflicts: [], renames };
  return { ...withMarkers(merged, data, conflicts, (t, e) => edit(t, e)), data, renames };
}

// ---- edits from one version's data to another's ------------------------------------------

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The edits that turn data `a` into `b`, touching the smallest nodes: lists are matched item to
 * item by identity (id, key fields or value), so a deleted item is one delete and the items after
 * it keep their own lines and comments; new items are appended.
 */
export function editsBetween(a: unknown, b: unknown, path: DocPath, rules: RuleLookup): Edit[] {
  if (sameData(a, b)) return [];
  if (isPlain(a) && isPlain(b)) {
    const edits: Edit[] = [];
    for (const k of Object.keys(a)) if (!Object.hasOwn(b, k)) edits.push({ op: 'delete', path: [...path, k] });
    for (const [k, v] of Object.entries(b))
      edits.push(
        ...(Object.hasOwn(a, k)
          ? editsBetween(a[k], v, [...path, k], rules)
          : [{ op: 'set' as const, path: [...path, k], value: v }]),
      );
    return edits;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const rule = rules(path);
    const [ka, kb] =
      rule?.kind === 'sequence'
        ? [a.map((_, i) => String(i)), b.map((_, i) => String(i))]
        : [keysOf(a, rule), keysOf(b, rule)];
    const wanted = new Set(kb);
    const kept = ka.filter((k) => wanted.has(k));
    const edits: Edit[] = [];
    if (kept.every((k, i) => kb[i] === k)) {
      for (let i = a.length - 1; i >= 0; i--) if (!wanted.has(ka[i])) edits.push({ op: 'delete', path: [...path, i] });
      const keptItems = a.filter((_, i) => wanted.has(ka[i]));
      keptItems.forEach((item, i) => edits.push(...editsBetween(item, b[i], [...path, i], rules)));
      for (let i = kept.length; i < b.length; i++) edits.push({ op: 'append', path, value: b[i] });
      return edits;
    }
    // Reordered: item by item by position.
    const common = Math.min(a.length, b.length);
    for (let i = 0; i < common; i++) edits.push(...editsBetween(a[i], b[i], [...path, i], rules));
    for (let i = common; i < b.length; i++) edits.push({ op: 'append', path, value: b[i] });
    for (let i = a.length - 1; i >= b.length; i--) edits.push({ op: 'delete', path: [...path, i] });
    return edits;
  }
  return [{ op: 'set', path, value: b }];
}

// ---- their comments ----------------------------------------------------------------------

const indentOf = (line: string) => line.length - line.trimStart().length;
const hasComment = (line: string) => /(^|\s)#/.test(line);

/**
 * Puts theirs' own lines (with their comments) in place of the engine's rendering of what the merge
 * took whole from theirs (an item they added, a field only they changed), where those lines hold a
 * comment: the edit engine renders new values without comments. Each node must own its lines in
 * both texts; the result must hold the merged data, else the text is returned as it was.
 */
function carryTheirsLines(
  text: string,
  theirsText: string,
  data: unknown,
  theirsData: unknown,
  values: readonly TheirsValue[],
): string {
  if (values.length === 0 || !theirsText.includes('#') || text.includes('\r')) return text;
  const tText = theirsText.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const [mDoc, tDoc] = [parseDocument(text, PARSE), parseDocument(tText, PARSE)];
  const [lines, tLines] = [text.split('\n'), tText.split('\n')];
  const swaps: Array<{ start: number; end: number; lines: string[] }> = [];
  for (const v of values) {
    if (!sameData(getAt(data, v.path), getAt(theirsData, v.theirsPath))) continue;
    const at = nodeLines(text, v.path, mDoc);
    const from = nodeLines(tText, v.theirsPath, tDoc);
    if (!at || !from) continue;
    let start = from.start;
    // An item they added brings the comment lines right above it.
    if (v.added)
      while (
        start > 0 &&
        /^\s*#/.test(tLines[start - 1]) &&
        indentOf(tLines[start - 1]) === indentOf(tLines[from.start])
      )
        start--;
    const theirs = tLines.slice(start, from.end);
    if (!theirs.some(hasComment)) continue;
    const delta = indentOf(lines[at.start]) - indentOf(tLines[from.start]);
    if (delta < 0 && theirs.some((l) => l.trim() !== '' && indentOf(l) < -delta)) continue;
    swaps.push({
      start: at.start,
      end: at.end,
      lines: theirs.map((l) => (l.trim() === '' ? l : delta >= 0 ? ' '.repeat(delta) + l : l.slice(-delta))),
    });
  }
  if (swaps.length === 0) return text;
  swaps.sort((x, y) => y.start - x.start);
  const out = [...lines];
  let limit = Infinity;
  for (const swap of swaps) {
    if (swap.end > limit) continue;
    out.splice(swap.start, swap.end - swap.start, ...swap.lines);
    limit = swap.start;
  }
  const result = out.join('\n');
  const check = parseDocument(result, PARSE);
  return check.errors.length === 0 && sameData(check.toJS(), data) ? result : text;
}

// ---- conflict markers ---------------------------------------------------------------------

/** The field a path names, as csp set writes it: list items by id where they have one. */
export function fieldName(data: unknown, path: DocPath): string {
  const parts: string[] = [];
  let node = data;
  for (const key of path) {
    const next = (node as Record<string | number, unknown> | undefined)?.[key];
    parts.push(typeof key === 'number' && isPlain(next) && typeof next.id === 'string' ? next.id : String(key));
    node = next;
  }
  return parts.join('.') || '(the whole document)';
}

interface Region {
  start: number; // first line (0-based)
  end: number; // after the last line
  conflicts: MergeConflict[];
}

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The lines [start, end) of the node at path in text (a map entry with its key, a list item with its dash). */
function nodeLines(
  text: string,
  path: DocPath,
  doc: Document = parseDocument(text, PARSE),
): { start: number; end: number } | null {
  if (path.length === 0) return { start: 0, end: text.split('\n').length };
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const key = path[path.length - 1];
  let from: number | undefined;
  let to: number | undefined;
  if (isMap(parent)) {
    const pair = parent.items.find(
      (p: Pair) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === String(key),
    );
    const k = (pair?.key as Node | null | undefined)?.range;
    const v = (pair?.value as Node | null | undefined)?.range;
    if (k) [from, to] = [k[0], v ? v[1] : k[1]];
  } else if (isSeq(parent) && typeof key === 'number') {
    const r = (parent.items[key] as Node | undefined)?.range;
    if (r) {
      from = r[0];
      while (from > 0 && text[from - 1] !== '\n' && text[from - 1] !== '-') from--;
      to = r[1];
    }
  }
  if (from === undefined || to === undefined) return null;
  while (to > from && /\s/.test(text[to - 1])) to--;
  return { start: lineOf(text, from), end: lineOf(text, Math.max(from, to - 1)) + 1 };
}

/** The edits that put one side's values at the given conflicts. */
function sideEdits(conflicts: readonly MergeConflict[], side: 'ours' | 'theirs'): Edit[] {
  // NOTE: deletions from the last index first, so earlier paths stay valid.
  const edits = conflicts.map(
    (c): Edit => (c[side] === undefined ? { op: 'delete', path: c.path } : { op: 'set', path: c.path, value: c[side] }),
  );
  return [...edits.filter((e) => e.op !== 'delete'), ...edits.filter((e) => e.op === 'delete').reverse()];
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function withMarkers(
  merged: string,
  data: unknown,
  conflicts: readonly MergeConflict[],
  edit: (text: string, edits: readonly Edit[]) => string,
): { text: string; conflicts: TextConflict[] } {
  const lines = merged.split('\n');
  // One region per conflict, then overlapping regions joined.
  const regions: Region[] = conflicts.map((c) => {
    const at = nodeLines(merged, c.path);
    if (!at) throw new MergeTextError(`the conflict at ${fieldName(data, c.path)} could not be placed in the text`);
    return { ...at, conflicts: [c] };
  });
  regions.sort((x, y) => x.start - y.start);
  const joined: Region[] = [];
  for (const r of regions) {
    const last = joined[joined.length - 1];
    if (last && r.start < last.end) {
      last.end = Math.max(last.end, r.end);
      last.conflicts.push(...r.conflicts);
    } else joined.push({ ...r, conflicts: [...r.conflicts] });
  }
  // Each side of each region: the merged text with that side's values, compared line by line.
  const sides = joined.map((r) => {
    const variants = (['ours', 'theirs'] as const).map((side) =>
      edit(merged, sideEdits(r.conflicts, side)).split('\n'),
    );
    let start = r.start;
    let end = r.end;
    for (const v of variants) {
      start = Math.min(start, commonPrefix(lines, v));
      const suffix = commonPrefix([...lines].reverse(), [...v].reverse());
      end = Math.max(end, lines.length - Math.min(suffix, lines.length - start, v.length - start));
    }
    return { start, end, variants };
  });
  // Regions widened by the comparison may now overlap: then the text merge is not trusted.
  for (let i = 1; i < sides.length; i++)
    if (sides[i].start < sides[i - 1].end)
      throw new MergeTextError('two conflicts share lines that could not be told apart');
  const out = [...lines];
  const placed: TextConflict[] = [];
  for (let i = sides.length - 1; i >= 0; i--) {
    const { start, end, variants } = sides[i];
    const tail = lines.length - end;
    const [ours, theirs] = variants.map((v) => v.slice(start, v.length - tail));
    const label = joined[i].conflicts.map((c) => fieldName(data, c.path)).join(', ');
    const block = [`<<<<<<< ours (${label})`, ...ours, '=======', ...theirs, `>>>>>>> theirs (${label})`];
    out.splice(start, end - start, ...block);
    for (const c of joined[i].conflicts)
      placed.push({ ...c, field: fieldName(data, c.path), startLine: start + 1, endLine: start + block.length });
  }
  placed.sort((x, y) => x.startLine - y.startLine);
  return { text: out.join('\n'), conflicts: fixLines(out, placed) };
}

/** Puts each conflict's real line numbers in the final text: the n-th marker block is the n-th region. */
function fixLines(out: readonly string[], placed: TextConflict[]): TextConflict[] {
  const starts: Array<[number, number]> = [];
  let open = -1;
  out.forEach((line, i) => {
    if (line.startsWith('<<<<<<< ours (')) open = i;
    else if (line.startsWith('>>>>>>> theirs (') && open >= 0) {
      starts.push([open + 1, i + 1]);
      open = -1;
    }
  });
  const byRegion = [...new Set(placed.map((c) => c.startLine))].sort((a, b) => a - b);
  return placed.map((c) => {
    const [startLine, endLine] = starts[byRegion.indexOf(c.startLine)] ?? [c.startLine, c.endLine];
    return { ...c, startLine, endLine };
  });
}
