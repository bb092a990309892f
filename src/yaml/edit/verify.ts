/**
 * Verifying: the edited text parses, holds exactly the expected data and keeps every comment (except those in nodes the edits removed).
 * Part of yaml/edit.ts (the public API). Pure: text in, text out.
 */
import { Document, isMap, isSeq, parseDocument, visit, type Node } from 'yaml';
import { sameData, type DocPath } from '../../domain/edit.js';
import { PARSE_OPTIONS, lineStart, column, afterLine, pairEnd, dashBefore, keyName } from './common.js';
import { trimForeignTail } from './delete.js';

/** True when the text parses without errors, holds exactly the expected data and keeps at least the given comments. */
export function verify(text: string, expected: unknown, comments: Map<string, number>): boolean {
  const doc = parseDocument(text, PARSE_OPTIONS);
  if (doc.errors.length > 0) return false;
  if (!sameData(doc.toJS(), expected)) return false;
  const after = collectComments(doc);
  for (const [comment, count] of comments) if ((after.get(comment) ?? 0) < count) return false;
  return true;
}

/** Every comment line of a document or node, trimmed, with how often it occurs. */
export function collectComments(doc: Document | Node): Map<string, number> {
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
export function commentsAt(doc: Document, path: DocPath, text: string): Map<string, number> {
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

/** Adds the counts of from to into. */
export function addComments(into: Map<string, number>, from: Map<string, number>): void {
  for (const [c, n] of from) into.set(c, (into.get(c) ?? 0) + n);
}

/** The counts of all less those of gone (never below 0). */
export function subtract(all: Map<string, number>, gone: Map<string, number>): Map<string, number> {
  const out = new Map(all);
  for (const [c, n] of gone) out.set(c, Math.max(0, (out.get(c) ?? 0) - n));
  return out;
}
