/**
 * Deleting: a map entry or list item removed with its own lines (block) or its text (flow), leaving neighbours and their comments.
 * Part of yaml/edit.ts (the public API). Pure: text in, text out.
 */
import { type Document, isMap, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { DocPath } from '../../domain/edit.js';
import { isPairNode, lineStart, column, afterLine, pairEnd, dashBefore, keyName } from './common.js';

/** Removes the map entry or list item at path by cutting its own lines (or its text in a flow collection); null when it cannot. */
export function spliceDelete(text: string, doc: Document, path: DocPath): string | null {
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
export function trimForeignTail(text: string, start: number, end: number, indent: number): number {
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
