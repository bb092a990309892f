/** Oracles for the YAML edit tests: line hunks between two texts, and the comments of a text. */
import { readFileSync } from 'node:fs';
import { diffArrays } from 'diff';
import { Lexer, parseDocument } from 'yaml';
import { applyEditsToData, type Edit } from '../../../src/domain/edit.js';

/** The hand-formatted example plan (tests/fixtures/plans/SOURCE.md). */
export const HAND_FORMATTED = readFileSync(
  new URL('../../fixtures/plans/hand-formatted.yaml', import.meta.url),
  'utf8',
);

/** One changed region: the last unchanged original line before it, and the lines removed and added. */
export interface Hunk {
  after: string | null;
  removed: string[];
  added: string[];
}

/**
 * The line hunks that turn `before` into `after` (lines split on \n, so a \r stays part of its
 * line). A pure insertion is slid up as far as it goes (so a new section with a blank line before
 * it reads as ['', 'key:', ...] after the previous line, however the diff aligned the blank).
 */
export function hunks(before: string, after: string): Hunk[] {
  const orig = before.split('\n');
  const out: Array<Hunk & { at: number }> = [];
  let ia = 0;
  let open: (Hunk & { at: number }) | null = null;
  for (const part of diffArrays(orig, after.split('\n'))) {
    if (part.added || part.removed) {
      open ??= { at: ia, after: null, removed: [], added: [] };
      (part.added ? open.added : open.removed).push(...part.value);
      if (part.removed) ia += part.value.length;
    } else {
      if (open) out.push(open);
      open = null;
      ia += part.value.length;
    }
  }
  if (open) out.push(open);
  return out.map(({ at, removed, added }) => {
    let i = at;
    const lines = [...added];
    while (removed.length === 0 && lines.length > 0 && i > 0 && lines[lines.length - 1] === orig[i - 1]) {
      lines.unshift(lines.pop()!);
      i--;
    }
    return { after: i > 0 ? orig[i - 1] : null, removed, added: lines };
  });
}

/**
 * Every comment of a YAML text, as the lexer sees it (independent of how the `yaml` Document
 * attaches comments to nodes), with its count.
 */
export function commentsOf(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const token of new Lexer().lex(text.replace(/^\uFEFF/, ''))) {
    if (token.startsWith('#')) {
      const c = token.trim();
      found.set(c, (found.get(c) ?? 0) + 1);
    }
  }
  return found;
}

/** The comments of `before` that `after` lost (an empty list when every one survives). */
export function lostComments(before: string, after: string): string[] {
  const now = commentsOf(after);
  return [...commentsOf(before)].filter(([c, n]) => (now.get(c) ?? 0) < n).map(([c]) => c);
}

/** The data of a YAML text, parsed strictly; throws on any YAML error. */
export function dataOf(text: string): unknown {
  const doc = parseDocument(text.replace(/^\uFEFF/, ''), { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) throw new Error(`the text does not parse: ${doc.errors.map((e) => e.message).join('; ')}`);
  return doc.toJS();
}

/** What the edits should produce on the text's data. */
export function expectedData(text: string, edits: readonly Edit[]): unknown {
  return applyEditsToData(dataOf(text), edits);
}
