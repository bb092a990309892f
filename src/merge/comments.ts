/**
 * Comments theirs added or changed on a line ours did not touch (SPEC "A team on one InfoHub":
 * comments of both sides are kept). The data merge cannot see comments, and the merged text is
 * ours' text with the merged data written onto it, so a comment only theirs wrote would be lost.
 * This carries them over, node by node:
 *
 * - the comment lines right above a map key or a list item (`# the champion` over `- id: sh-1`),
 * - the comment at the end of a one-line scalar (`industry: Retail   # as they say it`),
 *
 * when theirs' comment differs from the base's and ours' (and the merged text's) is still the
 * base's. Nodes are matched by key and by item identity (id, key fields, value: merge.ts keysOf),
 * not by line. Pure: text in, text out; the result must hold the same data, else the text is
 * returned unchanged.
 */
import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { sameData, type DocPath } from '../domain/edit.js';
import { keysOf } from './merge.js';
import type { RuleLookup } from './rules.js';

const PARSE = { uniqueKeys: true, prettyErrors: false } as const;

/** Where a node starts in a text and the comments it carries there. */
interface Anchor {
  /** The line (0-based) of the node's key, or of its list dash. */
  line: number;
  indent: number;
  /** The comment lines right above it (raw, with their indentation). */
  before: string[];
  /** The comment at the end of its line (from `#`), for a one-line scalar value; null when none; undefined when not a one-line scalar. */
  trail?: string | null;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The anchors of a document, by identity path (`meta/updated`, `stakeholders/id:sh-1/name`). Null when it does not parse. */
function anchorsOf(text: string, rules: RuleLookup): Map<string, Anchor> | null {
  const doc = parseDocument(text, PARSE);
  if (doc.errors.length > 0) return null;
  const lines = text.split('\n');
  const starts = lineStarts(text);
  const out = new Map<string, Anchor>();
  const taken = new Set<number>();
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const anchor = (id: string, offset: number, value: unknown) => {
    const line = lineAt(starts, offset);
    const before: string[] = [];
    // NOTE: the comment above a line belongs to the outermost node starting there (a list item, not its first key).
    if (!taken.has(line)) {
      taken.add(line);
      for (let l = line - 1; l >= 0 && /^\s*#/.test(lines[l]); l--) before.unshift(lines[l]);
    }
    const a: Anchor = { line, indent: indentOf(lines[line]), before };
    if (isScalar(value) && value.range) {
      const [s, e] = value.range;
      if (lineAt(starts, s) === line && lineAt(starts, Math.max(s, e - 1)) === line) {
        const rest = text.slice(e, starts[line + 1] === undefined ? text.length : starts[line + 1] - 1);
        a.trail = /^\s*#/.test(rest) ? rest.trimEnd() : null;
      }
    }
    out.set(id, a);
  };
  const walk = (node: unknown, id: string, path: DocPath): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const keyNode = pair.key as Node | null;
        const childId = `${id}/${JSON.stringify(key)}`;
        if (keyNode?.range) anchor(childId, keyNode.range[0], pair.value);
        walk(pair.value, childId, [...path, key]);
      }
    } else if (isSeq(node)) {
      const keys = keysOf(
        node.items.map((item) =>
          item && typeof item === 'object' && 'toJSON' in item ? (item as Node).toJSON() : item,
        ),
        rules(path),
      );
      node.items.forEach((item, i) => {
        const childId = `${id}/[${keys[i]}]`;
        const r = (item as Node | null)?.range;
        if (r) {
          let from = r[0];
          while (from > 0 && text[from - 1] !== '\n' && text[from - 1] !== '-') from--;
          if (text[from - 1] === '-') from--;
          anchor(childId, from, item);
        }
        walk(item, childId, [...path, i]);
      });
    }
  };
  walk(doc.contents, '', []);
  return out;
}

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((l, i) => l.trim() === b[i].trim());

/**
 * The merged text with the comments only theirs added or changed (see the module comment).
 * `data` is the merged data the text holds; `rules` the document's merge rules (list identities).
 */
export function carryTheirsComments(
  merged: string,
  baseText: string,
  oursText: string,
  theirsText: string,
  data: unknown,
  rules: RuleLookup,
): string {
  if (!theirsText.includes('#') || merged.includes('\r') || theirsText.includes('\r')) return merged;
  const [m, b, o, t] = [merged, baseText, oursText, theirsText].map((text) =>
    anchorsOf(text.replace(/^\uFEFF/, ''), rules),
  );
  if (!m || !b || !o || !t) return merged;
  const lines = merged.split('\n');
  const ops = new Map<
    number,
    { line: number; before?: { count: number; lines: string[] }; trail?: { cut: number; add: string } }
  >();
  for (const [id, ta] of t) {
    const [ba, oa, ma] = [b.get(id), o.get(id), m.get(id)];
    if (!ba || !oa || !ma) continue;
    const op = ops.get(ma.line) ?? { line: ma.line };
    if (!same(ta.before, ba.before) && same(oa.before, ba.before) && same(ma.before, oa.before)) {
      op.before = {
        count: ma.before.length,
        lines: ta.before.map((l) => (l.trim() === '' ? l : ' '.repeat(ma.indent) + l.trimStart())),
      };
    }
    const text = (trail: string | null | undefined) => trail?.trim() ?? trail;
    if (
      typeof ta.trail === 'string' &&
      text(ta.trail) !== text(ba.trail) &&
      text(oa.trail) === text(ba.trail) &&
      ma.trail !== undefined &&
      text(ma.trail) === text(oa.trail)
    ) {
      const line = lines[ma.line].trimEnd();
      op.trail = { cut: ma.trail === null ? line.length : line.length - ma.trail.length, add: ta.trail };
    }
    if (op.before || op.trail) ops.set(op.line, op);
  }
  if (ops.size === 0) return merged;
  const out = [...lines];
  for (const op of [...ops.values()].sort((x, y) => y.line - x.line)) {
    if (op.trail) out[op.line] = `${out[op.line].slice(0, op.trail.cut).trimEnd()}${op.trail.add}`;
    if (op.before) out.splice(op.line - op.before.count, op.before.count, ...op.before.lines);
  }
  const result = out.join('\n');
  const check = parseDocument(result, PARSE);
  return check.errors.length === 0 && sameData(check.toJS(), data) ? result : merged;
}
