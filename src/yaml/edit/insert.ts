/**
 * Inserting: a new key beside its siblings in schema order, items appended to block and flow lists, with the siblings' indentation and style.
 * Part of yaml/edit.ts (the public API). Pure: text in, text out.
 */
import { type Document, isCollection, isMap, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { DocPath } from '../../domain/edit.js';
import {
  type EditOptions,
  NO_ALIASES,
  type Style,
  replaceKeepingCommentColumn,
  isPairNode,
  lineStart,
  column,
  afterLine,
  pairEnd,
  dashBefore,
  keyName,
  columnOfKey,
} from './common.js';
import { renderFlowValue, renderScalar, renderKeyValue, renderSeqItem } from './render.js';

/** Inserts a new key into a block map, in schema order where known, with its siblings' indentation; null when it cannot. */
export function spliceInsertKey(
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

/** Appends one item to the list at path, in the list's own layout (block or flow); null when it cannot. */
export function spliceAppend(
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
export function spliceIntoFlow(text: string, node: YAMLMap | YAMLSeq, entry: string): string | null {
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
