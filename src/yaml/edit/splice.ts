/**
 * Splicing: each edit replaces only the bytes of the node it changes (a scalar), or goes to insert/delete; applyEach runs them one by one, falling back per edit.
 * Part of yaml/edit.ts (the public API). Pure: text in, text out.
 */
import {
  type Document,
  type Scalar,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Node,
  type YAMLMap,
} from 'yaml';
import { applyEditsToData, sameData, type DocPath, type Edit } from '../../domain/edit.js';
import {
  type EditOptions,
  PARSE_OPTIONS,
  type Style,
  samePath,
  nest,
  replaceKeepingCommentColumn,
  column,
  afterLine,
  dashBefore,
  columnOfKey,
} from './common.js';
import { spliceDelete } from './delete.js';
import { renderAll } from './fallback.js';
import { spliceInsertKey, spliceAppend, spliceIntoFlow } from './insert.js';
import { renderFlowValue, renderScalar, renderFlow, renderBlock, renderSeqItem } from './render.js';
import { commentsAt, addComments } from './verify.js';

/**
 * Applies the edits one by one: a splice where possible, else that one edit through the
 * Document API. Returns the text and the comments that the deletions took with them.
 */
export function applyEach(
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
