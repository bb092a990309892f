/**
 * Comment- and layout-preserving edits of YAML text (STYLE "YAML edits go through yaml
 * Documents"; ECOSYSTEM "yaml 2.9 round trips are not byte-identical").
 *
 * A full `yaml` re-render changes lines nobody touched: it collapses the spaces before comments,
 * refolds `>-` scalars, pads flow sequences and moves comments after keys. So each edit is first
 * tried as a splice: only the bytes of the changed node are replaced, or new lines are inserted
 * beside their siblings with the siblings' indentation and style. What a splice cannot do (rare:
 * replacing a whole collection) falls back to editing the `yaml` Document and re-rendering it,
 * after which every line that did not really change is put back as it was (a line diff).
 * Either way the result is verified before it is returned: it must parse without errors, hold
 * exactly the edited data, and keep every comment of the original.
 *
 * Pure: text in, text out.
 */
import {
  Document,
  Scalar,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { diffArrays } from 'diff';
import { applyEditsToData, getAt, sameData, type DocPath, type Edit } from '../domain/edit.js';

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

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * NOTE: `yaml` writes an object that occurs twice in a value as an anchor and an alias (&a1 / *a1)
 * by default; plans never hold aliases (a later edit of one copy would change both), so values are
 * always written out in full.
 */
const NO_ALIASES = { aliasDuplicateObjects: false } as const;
const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false } as const;

/**
 * Applies edits to YAML text and returns the new text, keeping comments, key order, quoting and
 * layout of everything the edits do not touch. Throws YamlEditError when the text has YAML errors
 * or the result could not be verified (then nothing must be written).
 */
export function editYamlText(original: string, edits: readonly Edit[], options: EditOptions = {}): string {
  const bom = original.startsWith('\uFEFF') ? '\uFEFF' : '';
  const crlf = /\r\n/.test(original);
  // NOTE: a lone CR ends a line in YAML (old Mac files), and the reading parser (js-yaml) reads it
  // so; the Document layer does not, and would see one long comment line. Such a file is edited
  // with LF line ends and written back with CR; one that mixes CR with LF or CRLF is refused
  // (which line end would the new lines get?).
  const lone = /\r(?!\n)/.test(original);
  if (lone && /\n/.test(original))
    throw new YamlEditRefused(
      'the file mixes line ends (CR alone on some lines, LF on others): save it with one kind of line end (LF) and run the command again',
    );
  const cr = lone;
  const text = original.slice(bom.length).replace(/\r\n/g, '\n').replace(/\r/g, '\n');
  const base = parseDocument(text, PARSE_OPTIONS);
  if (base.errors.length > 0) throw new YamlEditError(`the file has YAML errors: ${base.errors[0].message}`);
  const minimal = minimalEdits(base.toJS(), edits);
  const expected = applyEditsToData(base.toJS(), minimal);
  // NOTE: every comment must survive, except those inside a node the edits delete or replace
  // by a different kind of value (they go with it, as they would by hand): applyEach and
  // renderAll count those as `dropped`.
  const comments = collectComments(base);
  const style = detectStyle(text);

  // Each edit is spliced when it can be; one that cannot is applied alone through the Document
  // API, so a fallback only ever touches the part of the file its own edit concerns.
  let { text: result, dropped } = applyEach(text, minimal, options, style);
  // NOTE: should one step leave the text unparsable or unverifiable, all the edits are redone in
  // one pass through the Document API, from the original text.
  if (result === null || !verify(result, expected, subtract(comments, dropped))) {
    try {
      ({ text: result, dropped } = renderAll(text, minimal, options, style));
    } catch (error) {
      // NOTE: the Document API throws on shapes it cannot edit in place; that is a refusal to
      // edit (nothing is written), not a crash.
      throw new YamlEditError(`the edit could not be applied to this file's structure: ${(error as Error).message}`);
    }
    if (!verify(result, expected, subtract(comments, dropped))) {
      throw new YamlEditError('the edited file could not be verified (its data or comments would change unexpectedly)');
    }
  }
  if (options.modeline && !/^# yaml-language-server:/.test(result)) result = `${options.modeline}\n${result}`;
  if (crlf) result = result.replace(/\n/g, '\r\n');
  else if (cr) result = result.replace(/\n/g, '\r');
  return bom + result;
}

/** Renders a new document: keys in the order given, a blank line between top-level sections, dates quoted, the modeline first. */
export function renderNewYaml(data: unknown, options: { modeline?: string; header?: string } = {}): string {
  const doc = new Document(data, NO_ALIASES);
  quoteDates(doc);
  if (isMap(doc.contents))
    doc.contents.items.forEach(
      (pair, i) => i > 0 && isCollection(pair.value) && ((pair.key as Node).spaceBefore = true),
    );
  const head = [options.modeline, options.header].filter(Boolean).join('\n');
  return (head ? head + '\n' : '') + doc.toString({ lineWidth: 0 });
}

// ---- minimal edits ---------------------------------------------------------------------------

/**
 * Rewrites edits so that each touches the smallest node: a `set` of a map onto an existing map
 * becomes one `set` per changed key (and a `delete` per dropped key); a `set` of a list onto an
 * existing list becomes per-item edits plus appends; a `set` that changes nothing disappears.
 * The result holds the same data, and comments inside the unchanged parts survive.
 */
export function minimalEdits(data: unknown, edits: readonly Edit[]): Edit[] {
  const out: Edit[] = [];
  let state = data;
  for (const edit of edits) {
    const parts = edit.op === 'set' ? decompose(getAt(state, edit.path), edit.value, edit.path) : [edit];
    out.push(...parts);
    state = applyEditsToData(state, parts);
  }
  return out;
}

function decompose(current: unknown, value: unknown, path: DocPath): Edit[] {
  if (sameData(current, value)) return [];
  if (isPlainObject(current) && isPlainObject(value)) {
    const edits: Edit[] = [];
    // NOTE: own keys only: `k in value` is true for "constructor" or "toString" on any object.
    for (const [k, v] of Object.entries(value))
      edits.push(
        ...(Object.hasOwn(current, k)
          ? decompose(current[k], v, [...path, k])
          : [{ op: 'set' as const, path: [...path, k], value: v }]),
      );
    for (const k of Object.keys(current))
      if (!Object.hasOwn(value, k)) edits.push({ op: 'delete', path: [...path, k] });
    return edits;
  }
  if (Array.isArray(current) && Array.isArray(value)) {
    const edits: Edit[] = [];
    const common = Math.min(current.length, value.length);
    for (let i = 0; i < common; i++) edits.push(...decompose(current[i], value[i], [...path, i]));
    for (let i = common; i < value.length; i++) edits.push({ op: 'append', path, value: value[i] });
    for (let i = current.length - 1; i >= value.length; i--) edits.push({ op: 'delete', path: [...path, i] });
    return edits;
  }
  return [{ op: 'set', path, value }];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// ---- splicing -------------------------------------------------------------------------------

interface Style {
  /** Sequences under a key are indented by two spaces (`key:\n  - a`) rather than not (`key:\n- a`). */
  indentSeq: boolean;
}

/**
 * Applies the edits one by one: a splice where possible, else that one edit through the
 * Document API. Returns the text and the comments that the deletions took with them.
 */
function applyEach(
  text: string,
  edits: readonly Edit[],
  options: EditOptions,
  style: Style,
): { text: string | null; dropped: Map<string, number> } {
  let current = text;
  const dropped = new Map<string, number>();
  // NOTE: each step must give the data of the edits so far: a step that went wrong could be
  // hidden by a later edit of the same part (and the comments it took counted as dropped).
  let expected: unknown;
  for (let i = 0; i < edits.length; ) {
    const edit = edits[i]!;
    // NOTE: a run of appends to one list is one step (one parse and one splice, not one per item):
    // 1,000 items of csp notes made 1,000 parses of a growing file (issue 19: quadratic).
    let run = 1;
    while (
      edit.op === 'append' &&
      i + run < edits.length &&
      edits[i + run]!.op === 'append' &&
      samePath(edits[i + run]!.path, edit.path)
    )
      run++;
    const step = edits.slice(i, i + run);
    i += run;
    const doc = parseDocument(current, PARSE_OPTIONS);
    if (doc.errors.length > 0) return { text: null, dropped };
    const data = doc.toJS();
    if (expected !== undefined && !sameData(data, expected)) return { text: null, dropped };
    expected = applyEditsToData(data, step);
    if (edit.op === 'delete' || (edit.op === 'set' && isCollection(doc.getIn(edit.path, true))))
      addComments(dropped, commentsAt(doc, edit.path, current));
    const next =
      run > 1
        ? spliceAppendAll(
            current,
            doc,
            edit.path,
            step.map((e) => (e as { value: unknown }).value),
            options,
            style,
          )
        : spliceOne(current, doc, edit, options, style);
    if (next !== null) current = next;
    else {
      try {
        current = renderAll(current, step, options, style).text;
      } catch {
        // NOTE: the Document API refuses some shapes an earlier step produced; the caller then
        // redoes every edit in one pass from the original text.
        return { text: null, dropped };
      }
    }
  }
  return { text: current, dropped };
}

const samePath = (a: DocPath, b: DocPath) => a.length === b.length && a.every((k, i) => k === b[i]);

/** Appends several items to the list at path in one splice (block lists; else null, and the caller renders). */
function spliceAppendAll(
  text: string,
  doc: Document,
  path: DocPath,
  values: readonly unknown[],
  options: EditOptions,
  style: Style,
): string | null {
  const existing = doc.getIn(path, true) as Node | undefined;
  if (existing === undefined || (isScalar(existing) && existing.value === null))
    return spliceOne(text, doc, { op: 'set', path, value: [...values] }, options, style);
  if (!isSeq(existing)) return null;
  if (existing.flow && existing.items.length > 0)
    return spliceIntoFlow(text, existing, values.map(renderFlowValue).join(', '));
  // The first item as one append (it turns an empty `[]` into a block list), the rest after it at its indentation.
  const first = spliceAppend(text, doc, existing, path, values[0], style);
  if (first === null || values.length === 1) return first;
  const after = parseDocument(first, PARSE_OPTIONS);
  const seq = after.getIn(path, true) as Node | undefined;
  if (after.errors.length > 0 || !isSeq(seq)) return null;
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (!last?.range) return null;
  const dash = dashBefore(first, last.range[0]);
  if (dash === null) return null;
  const indent = column(first, dash);
  const flowItems = isCollection(last) && (last as YAMLMap).flow === true;
  const end = afterLine(first, last.range[1]);
  const prefix = end > 0 && first[end - 1] !== '\n' ? '\n' : '';
  return (
    first.slice(0, end) +
    prefix +
    values
      .slice(1)
      .map((v) => renderSeqItem(v, indent, flowItems, style))
      .join('') +
    first.slice(end)
  );
}

function spliceOne(text: string, doc: Document, edit: Edit, options: EditOptions, style: Style): string | null {
  const path = edit.path;
  if (edit.op === 'delete') return spliceDelete(text, doc, path);
  const existing = doc.getIn(path, true) as Node | undefined;
  if (edit.op === 'append') {
    if (isSeq(existing)) return spliceAppend(text, doc, existing, path, edit.value, style);
    if (existing === undefined || (isScalar(existing) && existing.value === null)) {
      return spliceOne(text, doc, { op: 'set', path, value: [edit.value] }, options, style);
    }
    return null;
  }
  // set
  if (existing !== undefined && existing !== null) {
    if (isScalar(existing)) return spliceReplaceScalar(text, doc, existing, path, edit.value, style);
    return null; // replacing a whole collection: let the renderer do it
  }
  // The key is missing: create it under the deepest existing ancestor.
  for (let depth = path.length - 1; depth >= 0; depth--) {
    const parent = depth === 0 ? doc.contents : (doc.getIn(path.slice(0, depth), true) as Node | undefined);
    if (parent === undefined || parent === null) continue;
    const value = nest(path.slice(depth + 1), edit.value);
    if (isMap(parent))
      return spliceInsertKey(text, doc, parent, path.slice(0, depth), String(path[depth]), value, options, style);
    // `key:` or `key: null` where a map is wanted: the null becomes the map.
    if (isScalar(parent) && parent.value === null && depth > 0)
      return spliceReplaceScalar(text, doc, parent, path.slice(0, depth), nest([path[depth]], value), style);
    return null;
  }
  return null;
}

function nest(rest: DocPath, value: unknown): unknown {
  return rest.reduceRight<unknown>((acc, key) => (typeof key === 'number' ? [acc] : { [key]: acc }), value);
}

function spliceReplaceScalar(
  text: string,
  doc: Document,
  node: Scalar,
  path: DocPath,
  value: unknown,
  style: Style,
): string | null {
  const [start, end] = node.range!;
  if (node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL') return null;
  // An empty value (`key:`) has no text of its own: the new one needs a space after the colon.
  const lead = start > 0 && text[start - 1] === ':' ? ' ' : '';
  if (value !== null && typeof value === 'object') {
    const keyIndent =
      path.length > 0 && isMap(path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true))
        ? columnOfKey(text, doc, path)
        : null;
    const flow = renderFlow(value);
    // Top-level sections are written as blocks; a short value elsewhere stays on its line.
    if (keyIndent !== 0 && flow.length <= 100 && !flow.includes('\n'))
      return replaceKeepingCommentColumn(text, start, end, lead + flow);
    if (keyIndent === null) return null;
    let cut = start;
    while (cut > 0 && text[cut - 1] === ' ') cut--;
    const after = afterLine(text, end);
    const head = text.slice(0, cut) + text.slice(end, after);
    const block = renderBlock(value, keyIndent + (Array.isArray(value) && !style.indentSeq ? 0 : 2), style);
    return (head.endsWith('\n') ? head : head + '\n') + block + text.slice(after);
  }
  const rendered = renderScalar(value, node);
  if (rendered === null) return null;
  return replaceKeepingCommentColumn(text, start, end, lead + rendered);
}

/** Replaces text[start, end) and keeps a trailing `# comment` on that line at its column where it can. */
function replaceKeepingCommentColumn(text: string, start: number, end: number, replacement: string): string {
  const m = /^( +)#/.exec(text.slice(end, end + 200));
  if (!m) return text.slice(0, start) + replacement + text.slice(end);
  const pad = Math.max(1, m[1].length + (end - start) - replacement.length);
  return text.slice(0, start) + replacement + ' '.repeat(pad) + text.slice(end + m[1].length);
}

function spliceInsertKey(
  text: string,
  doc: Document,
  map: YAMLMap,
  mapPath: DocPath,
  key: string,
  value: unknown,
  options: EditOptions,
  style: Style,
): string | null {
  if (map.flow)
    return spliceIntoFlow(text, map, `${renderScalar(key) ?? JSON.stringify(key)}: ${renderFlowValue(value)}`);
  if (map.items.length === 0) return null;
  const indent = column(text, (map.items[0].key as Node).range![0]);
  const after = insertionPoint(map, key, options.keyOrder?.(mapPath));
  const lines = renderKeyValue(key, value, indent, style);
  if (!after) {
    const at = lineStart(text, (map.items[0].key as Node).range![0]);
    const gap = indent === 0 && isCollection(doc.createNode(value, NO_ALIASES)) ? '\n' : '';
    return text.slice(0, at) + lines + gap + text.slice(at);
  }
  const end = pairEnd(text, after);
  const gap = indent === 0 && value !== null && typeof value === 'object' ? '\n' : '';
  const prefix = end > 0 && text[end - 1] !== '\n' ? '\n' : '';
  return text.slice(0, end) + prefix + gap + lines + text.slice(end);
}

/**
 * The pair a new key goes after: the last existing key the schema orders before it; undefined
 * (insert first) when the map starts with a key the schema orders after it; else the last pair.
 */
function insertionPoint(map: YAMLMap, key: string, order: readonly string[] | undefined): Pair | undefined {
  const last = map.items[map.items.length - 1];
  if (!order?.includes(key)) return last;
  const rank = order.indexOf(key);
  let after: Pair | undefined;
  for (const pair of map.items) {
    const r = order.indexOf(keyName(pair));
    if (r !== -1 && r < rank) after = pair;
  }
  if (after) return after;
  return order.indexOf(keyName(map.items[0])) > rank ? undefined : last;
}

function spliceAppend(
  text: string,
  doc: Document,
  seq: YAMLSeq,
  path: DocPath,
  value: unknown,
  style: Style,
): string | null {
  if (seq.flow) {
    if (seq.items.length === 0) {
      // `key: []  # comment` becomes `key:  # comment` followed by a block sequence.
      const parentPath = path.slice(0, -1);
      if (path.length > 0 && !isMap(parentPath.length ? doc.getIn(parentPath, true) : doc.contents)) return null;
      const keyIndent = columnOfKey(text, doc, path);
      if (keyIndent === null) return null;
      const [start, end] = seq.range!;
      let cut = start;
      while (cut > 0 && text[cut - 1] === ' ') cut--;
      const after = afterLine(text, end);
      const itemIndent = keyIndent + (style.indentSeq ? 2 : 0);
      const head = text.slice(0, cut) + text.slice(end, after);
      return (
        (head.endsWith('\n') ? head : head + '\n') + renderSeqItem(value, itemIndent, false, style) + text.slice(after)
      );
    }
    return spliceIntoFlow(text, seq, renderFlowValue(value));
  }
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (!last?.range) return null;
  const dash = dashBefore(text, last.range[0]);
  if (dash === null) return null;
  const indent = column(text, dash);
  const flowItems = isCollection(last) && (last as YAMLMap).flow === true;
  const end = afterLine(text, last.range[1]);
  const prefix = end > 0 && text[end - 1] !== '\n' ? '\n' : '';
  return text.slice(0, end) + prefix + renderSeqItem(value, indent, flowItems, style) + text.slice(end);
}

/**
 * Adds an entry to a flow collection in place: `, entry` after its last item, so its other
 * items keep their quoting and padding; an empty `{}` or `[]` becomes `{ entry }` / `[entry]`.
 */
function spliceIntoFlow(text: string, node: YAMLMap | YAMLSeq, entry: string): string | null {
  const [start, end] = node.range!;
  const last = node.items[node.items.length - 1] as Node | Pair | undefined;
  if (!last) {
    const open = text[start];
    const body = open === '{' ? `{ ${entry} }` : `[${entry}]`;
    return replaceKeepingCommentColumn(text, start, end, body);
  }
  const lastEnd = isPairNode(last)
    ? ((last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1])
    : (last as Node).range![1];
  if (lastEnd > end || text.slice(lastEnd, end).includes('#')) return null;
  return text.slice(0, lastEnd) + ', ' + entry + text.slice(lastEnd);
}

function isPairNode(item: unknown): item is Pair {
  return typeof item === 'object' && item !== null && 'key' in item && 'value' in item && !('range' in item);
}

function renderFlowValue(value: unknown): string {
  return value !== null && typeof value === 'object'
    ? renderFlow(value)
    : (renderScalar(value) ?? JSON.stringify(value));
}

function spliceDelete(text: string, doc: Document, path: DocPath): string | null {
  const parent = path.length === 1 ? doc.contents : (doc.getIn(path.slice(0, -1), true) as Node | undefined);
  const key = path[path.length - 1];
  if ((isMap(parent) || isSeq(parent)) && parent.flow) return spliceDeleteFromFlow(text, parent, key);
  if (isMap(parent)) {
    const index = parent.items.findIndex((p) => keyName(p) === String(key));
    if (index === -1) return text;
    const pair = parent.items[index];
    const keyStart = (pair.key as Node).range![0];
    if (text.slice(lineStart(text, keyStart), keyStart).trim() !== '') {
      // The first key of a list item (`- key: value`): the dash stays, the next key moves up to it.
      const next = parent.items[index + 1];
      if (!next)
        return (
          text.slice(0, keyStart) +
          '{}' +
          text.slice(afterLine(text, (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range![1]) - 1)
        );
      return text.slice(0, keyStart) + text.slice((next.key as Node).range![0]);
    }
    const start = lineStart(text, keyStart);
    let end = trimForeignTail(text, start, pairEnd(text, pair), column(text, keyStart));
    // A removed top-level section leaves one blank line between its neighbours, not two.
    if (
      column(text, start) === 0 &&
      (start === 0 || text.slice(Math.max(0, start - 2), start) === '\n\n') &&
      text[end] === '\n'
    )
      end++;
    return text.slice(0, start) + text.slice(end);
  }
  if (isSeq(parent) && typeof key === 'number') {
    const item = parent.items[key] as Node | undefined;
    if (!item?.range) return text;
    const dash = dashBefore(text, item.range[0]);
    if (dash === null) return null;
    // NOTE: an item of a compact nested list (`- - x`) shares its line with the outer item's
    // dash: cutting the line would take the outer item too. The Document API does that one.
    if (text.slice(lineStart(text, dash), dash).trim() !== '') return null;
    return (
      text.slice(0, lineStart(text, dash)) +
      text.slice(trimForeignTail(text, lineStart(text, dash), afterLine(text, item.range[1]), column(text, dash)))
    );
  }
  return null;
}

/**
 * The end of a node's own lines: `yaml` counts blank lines and comments that follow a block
 * collection into its range, even a comment at or left of the collection's key, which a reader
 * takes as the next key's. Those lines are not the deleted node's, so they stay.
 */
function trimForeignTail(text: string, start: number, end: number, indent: number): number {
  let cut = end;
  while (cut > start) {
    const from = lineStart(text, cut - 1);
    if (from <= start) break;
    const line = text.slice(from, cut).replace(/\n$/, '');
    const blank = line.trim() === '';
    const foreignComment = line.trimStart().startsWith('#') && line.length - line.trimStart().length <= indent;
    if (!blank && !foreignComment) break;
    cut = from;
  }
  return cut;
}

/** Removes an entry of a flow collection with its comma, leaving the others as they are. */
function spliceDeleteFromFlow(text: string, node: YAMLMap | YAMLSeq, key: string | number): string | null {
  const items = node.items as Array<Node | Pair>;
  const index = isMap(node)
    ? node.items.findIndex((p) => keyName(p) === String(key))
    : typeof key === 'number'
      ? key
      : -1;
  if (index < 0 || index >= items.length) return text;
  const span = (item: Node | Pair): [number, number] | null => {
    if (isPairNode(item)) {
      const k = (item.key as Node | null)?.range;
      const v = (item.value as Node | null)?.range;
      return k ? [k[0], v ? v[1] : k[1]] : null;
    }
    return (item as Node).range ? [(item as Node).range![0], (item as Node).range![1]] : null;
  };
  const here = span(items[index]);
  if (!here) return null;
  if (items.length === 1)
    return text.slice(0, node.range![0]) + (isMap(node) ? '{}' : '[]') + text.slice(node.range![1]);
  const next = index + 1 < items.length ? span(items[index + 1]) : null;
  const prev = index > 0 ? span(items[index - 1]) : null;
  if (next) return text.slice(0, here[0]) + text.slice(next[0]);
  return prev ? text.slice(0, prev[1]) + text.slice(here[1]) : null;
}

// ---- rendering pieces ---------------------------------------------------------------------

function renderScalar(value: unknown, like?: Scalar): string | null {
  const scalar = new Scalar(value);
  if (typeof value === 'string') {
    // Keep the quoting a person chose, but not the "" of an empty placeholder.
    if (
      like &&
      typeof like.value === 'string' &&
      like.value !== '' &&
      (like.type === 'QUOTE_DOUBLE' || like.type === 'QUOTE_SINGLE')
    )
      scalar.type = like.type;
    else if (DATE.test(value)) scalar.type = 'QUOTE_DOUBLE';
    if (value.includes('\n')) scalar.type = 'QUOTE_DOUBLE';
  }
  const out = new Document(scalar).toString({ lineWidth: 0 }).replace(/\n$/, '');
  return out.includes('\n') ? null : out;
}

function renderFlow(value: unknown): string {
  const doc = new Document(value, NO_ALIASES);
  quoteDates(doc);
  // A flow collection stays on one line: strings with line breaks are written "a\nb".
  visit(doc, {
    Collection: (_k, node) => void (node.flow = true),
    Scalar: (_k, node) =>
      void (typeof node.value === 'string' && /[\n\r]/.test(node.value) && (node.type = 'QUOTE_DOUBLE')),
  });
  return doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
}

function renderBlock(value: unknown, indent: number, style: Style): string {
  const doc = new Document(value, NO_ALIASES);
  quoteDates(doc);
  const out = doc.toString({ lineWidth: 0, indentSeq: style.indentSeq });
  const pad = ' '.repeat(indent);
  return (
    out
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => (line.length > 0 ? pad + line : line))
      .join('\n') + '\n'
  );
}

function renderKeyValue(key: string, value: unknown, indent: number, style: Style): string {
  const pad = ' '.repeat(indent);
  const keyText = renderScalar(key) ?? JSON.stringify(key);
  if (value === null || typeof value !== 'object')
    return `${pad}${keyText}: ${renderScalar(value) ?? JSON.stringify(value)}\n`;
  if (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0)
    return `${pad}${keyText}: ${Array.isArray(value) ? '[]' : '{}'}\n`;
  const childIndent = indent + (Array.isArray(value) && !style.indentSeq ? 0 : 2);
  return `${pad}${keyText}:\n` + renderBlock(value, childIndent, style);
}

function renderSeqItem(value: unknown, indent: number, flow: boolean, style: Style): string {
  const pad = ' '.repeat(indent);
  if (value === null || typeof value !== 'object') return `${pad}- ${renderScalar(value) ?? JSON.stringify(value)}\n`;
  if (flow) return `${pad}- ${renderFlow(value)}\n`;
  const block = renderBlock(value, indent + 2, style);
  return pad + '- ' + block.slice(indent + 2);
}

function quoteDates(doc: Document): void {
  visit(doc, {
    Scalar: (_k, node) => {
      if (typeof node.value === 'string' && DATE.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
}

// ---- text geometry ------------------------------------------------------------------------

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function column(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The offset just after the line that holds offset-1 (so a range ending after '\n' stays put). */
function afterLine(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

function pairEnd(text: string, pair: Pair): number {
  const value = pair.value as Node | null;
  const end = value?.range ? value.range[1] : (pair.key as Node).range![1];
  return afterLine(text, end);
}

function dashBefore(text: string, offset: number): number | null {
  let i = offset - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\n')) i--;
  return i >= 0 && text[i] === '-' ? i : null;
}

function keyName(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function columnOfKey(text: string, doc: Document, path: DocPath): number | null {
  if (path.length === 0) return null;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return null;
  const pair = parent.items.find((p) => keyName(p) === String(path[path.length - 1]));
  return pair ? column(text, (pair.key as Node).range![0]) : null;
}

function detectStyle(text: string): Style {
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

// ---- fallback: re-render through the Document API, then restore unchanged lines ----------

function renderAll(
  text: string,
  edits: readonly Edit[],
  options: EditOptions,
  style: Style,
): { text: string; dropped: Map<string, number> } {
  const doc = parseDocument(text, PARSE_OPTIONS);
  const dropped = new Map<string, number>();
  for (const edit of edits) {
    if (edit.op === 'delete') {
      addComments(dropped, commentsAt(doc, edit.path, text));
      doc.deleteIn(edit.path);
    } else if (edit.op === 'append') {
      const seq = doc.getIn(edit.path, true);
      if (isSeq(seq)) seq.add(doc.createNode(edit.value, NO_ALIASES));
      else setCreating(doc, edit.path, [edit.value]);
    } else {
      const existing = doc.getIn(edit.path, true);
      // A scalar keeps its node, and with it the comments around it.
      if (isScalar(existing) && (edit.value === null || typeof edit.value !== 'object')) existing.value = edit.value;
      else {
        // A collection replaced whole takes its comments with it.
        if (isCollection(existing)) addComments(dropped, commentsAt(doc, edit.path, text));
        setCreating(doc, edit.path, edit.value);
      }
      const parent = edit.path.length === 1 ? doc.contents : doc.getIn(edit.path.slice(0, -1), true);
      const order = options.keyOrder?.(edit.path.slice(0, -1));
      if (isMap(parent) && order)
        parent.items.sort((a, b) => stableRank(order, parent, a) - stableRank(order, parent, b));
    }
  }
  quoteDates(doc);
  const rendered = doc.toString({ lineWidth: 0, indentSeq: style.indentSeq });
  return { text: restoreUnchangedLines(text, rendered), dropped };
}

/** doc.setIn that turns a null on the way (`key:` or `key: null`) into the map or list the path needs. */
function setCreating(doc: Document, path: DocPath, value: unknown): void {
  for (let depth = 1; depth < path.length; depth++) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (node === undefined) break;
    if (isScalar(node) && node.value === null) {
      doc.setIn(path.slice(0, depth), doc.createNode(nest(path.slice(depth), value), NO_ALIASES));
      return;
    }
  }
  doc.setIn(path, doc.createNode(value, NO_ALIASES));
}

function stableRank(order: readonly string[], map: YAMLMap, pair: Pair): number {
  // Keys the schema does not know keep their place relative to the known ones before them.
  const i = order.indexOf(keyName(pair));
  return i === -1 ? map.items.indexOf(pair) / 1000 + rankBefore(order, map, pair) : i;
}

function rankBefore(order: readonly string[], map: YAMLMap, pair: Pair): number {
  let best = -1;
  for (const p of map.items.slice(0, map.items.indexOf(pair))) best = Math.max(best, order.indexOf(keyName(p)));
  return best;
}

/**
 * Puts back the original bytes of every line the re-render changed only cosmetically
 * (spaces before a comment, flow padding), by diffing the two texts line by line.
 */
function restoreUnchangedLines(original: string, rendered: string): string {
  const a = original.split('\n');
  const b = rendered.split('\n');
  const norm = (line: string) =>
    line
      .replace(/[ \t]+#/, ' #')
      .replace(/([[{]) /g, '$1')
      .replace(/ ([\]}])/g, '$1')
      .trimEnd();
  const parts = diffArrays(a.map(norm), b.map(norm));
  const out: string[] = [];
  let ia = 0;
  let ib = 0;
  for (const part of parts) {
    const n = part.count ?? part.value.length;
    if (part.added) {
      out.push(...b.slice(ib, ib + n));
      ib += n;
    } else if (part.removed) {
      ia += n;
    } else {
      out.push(...a.slice(ia, ia + n));
      ia += n;
      ib += n;
    }
  }
  return out.join('\n');
}

// ---- verification -------------------------------------------------------------------------

function verify(text: string, expected: unknown, comments: Map<string, number>): boolean {
  const doc = parseDocument(text, PARSE_OPTIONS);
  if (doc.errors.length > 0) return false;
  if (!sameData(doc.toJS(), expected)) return false;
  const after = collectComments(doc);
  for (const [comment, count] of comments) if ((after.get(comment) ?? 0) < count) return false;
  return true;
}

function collectComments(doc: Document | Node): Map<string, number> {
  const found = new Map<string, number>();
  const add = (c: string | null | undefined) => {
    if (!c) return;
    for (const line of c.split('\n')) {
      const t = line.trim();
      if (t) found.set(t, (found.get(t) ?? 0) + 1);
    }
  };
  if (doc instanceof Document) {
    add(doc.commentBefore);
    add(doc.comment);
  }
  visit(doc as Document, {
    Node: (_k, node) => {
      add(node.commentBefore);
      add(node.comment);
    },
  });
  return found;
}

/**
 * The comments that belong to the node at path (its key's and its value's), which a deletion
 * removes. `yaml` attaches the comments that follow a block collection to it, even those left of
 * its key or after a blank line, which a reader takes as the next key's: only the comments found
 * in the node's own lines of text (ownLines) count.
 */
function commentsAt(doc: Document, path: DocPath, text: string): Map<string, number> {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const key = path[path.length - 1];
  const found = new Map<string, number>();
  if (isMap(parent)) {
    const pair = parent.items.find((p) => keyName(p) === String(key));
    if (pair) {
      if (pair.key && typeof pair.key === 'object') addComments(found, collectComments(pair.key as Node));
      if (pair.value && typeof pair.value === 'object') addComments(found, collectComments(pair.value as Node));
    }
  } else if (isSeq(parent) && typeof key === 'number' && parent.items[key] && typeof parent.items[key] === 'object') {
    addComments(found, collectComments(parent.items[key] as Node));
  }
  const own = ownLines(text, parent, key);
  if (own !== undefined)
    for (const [comment, n] of found) found.set(comment, Math.min(n, own.split(comment).length - 1));
  return found;
}

/**
 * The text of the lines the entry `key` of parent owns: the comment lines right above its key (or
 * dash), through the end of its value, less the blank and foreign comment lines at the end
 * (trimForeignTail). Undefined for an entry with no place in text (made by an earlier edit).
 */
function ownLines(text: string, parent: unknown, key: string | number): string | undefined {
  let start: number | undefined;
  let end: number | undefined;
  if (isMap(parent)) {
    const pair = parent.items.find((p) => keyName(p) === String(key));
    const keyRange = (pair?.key as Node | null | undefined)?.range;
    if (!pair || !keyRange) return undefined;
    start = keyRange[0];
    end = pairEnd(text, pair);
  } else if (isSeq(parent) && typeof key === 'number') {
    const range = (parent.items[key] as Node | undefined)?.range;
    if (!range) return undefined;
    start = dashBefore(text, range[0]) ?? range[0];
    end = afterLine(text, range[1]);
  }
  if (start === undefined || end === undefined) return undefined;
  let from = lineStart(text, start);
  while (from > 0) {
    const above = lineStart(text, from - 1);
    if (!/^\s*#/.test(text.slice(above, from - 1))) break;
    from = above;
  }
  return text.slice(from, trimForeignTail(text, from, end, column(text, start)));
}

function addComments(into: Map<string, number>, from: Map<string, number>): void {
  for (const [c, n] of from) into.set(c, (into.get(c) ?? 0) + n);
}

function subtract(all: Map<string, number>, gone: Map<string, number>): Map<string, number> {
  const out = new Map(all);
  for (const [c, n] of gone) out.set(c, Math.max(0, (out.get(c) ?? 0) - n));
  return out;
}
