/**
 * Places issues in the YAML text: JSON pointer to 1-based line and column, through the `yaml`
 * Document and its LineCounter (ajv gives no positions; ECOSYSTEM.md). A pointer to a missing
 * value lands on its nearest existing parent; a pointer to a map entry lands on its key, which is
 * where a reader looks. Pure: text in, positions out. Only loaded when there are issues to place.
 */
import { LineCounter, parseDocument, isMap, isSeq, isPair, isScalar, type Node, type Pair } from 'yaml';
import { fromPointer } from '../domain/issue.js';

/** A 1-based position in a text. */
export interface Position {
  line: number;
  col: number;
}

/**
 * A locator for one text: call it with a JSON pointer. A scalar value is located at the value;
 * a collection (or, with `key`, any map entry) at its key, which is where a reader looks.
 */
export type Locate = (pointer: string, options?: { key?: boolean }) => Position;

/** Builds a locator for a YAML text (parses it once). */
export function createLocator(text: string): Locate {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, col };
  };
  return (pointer, options = {}) => {
    let node: unknown = doc.contents;
    let best: Position = node && (node as Node).range ? at((node as Node).range![0]) : { line: 1, col: 1 };
    const path = fromPointer(pointer);
    for (const [i, key] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p: Pair) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key),
        );
        if (!pair) break;
        const keyNode = pair.key as Node | null;
        if (keyNode?.range) best = at(keyNode.range[0]);
        node = pair.value;
        const last = i === path.length - 1;
        if (last && !options.key && isScalar(node) && node.range) best = at(node.range[0]);
      } else if (isSeq(node) && typeof key === 'number' && node.items[key] !== undefined) {
        node = node.items[key];
        const item = node as Node;
        if (item?.range) best = at(item.range[0]);
        else if (isPair(item)) break;
      } else {
        break;
      }
    }
    return best;
  };
}
