/**
 * The fallback: edits applied through the yaml Document API and re-rendered, then every line that did not really change put back as it was.
 * Part of yaml/edit.ts (the public API). Pure: text in, text out.
 */
import { type Document, isCollection, isMap, isScalar, isSeq, parseDocument, type Pair, type YAMLMap } from 'yaml';
import { diffArrays } from 'diff';
import type { DocPath, Edit } from '../../domain/edit.js';
import { type EditOptions, NO_ALIASES, PARSE_OPTIONS, type Style, nest, keyName } from './common.js';
import { quoteDates } from './render.js';
import { commentsAt, addComments } from './verify.js';

/** The fallback: applies the edits through the yaml Document API, re-renders, and puts back every line that did not change. Returns the text and the comments the edits removed. */
export function renderAll(
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
