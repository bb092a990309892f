/**
 * Comparing short texts by their content words: used to tell whether two objectives or risks say
 * the same thing (the drafter de-duplicates suggestions) and whether a sentence of meeting notes
 * talks about a milestone. Lower-case, words of 3+ letters, a small stop list, a crude stem (plural
 * and -ing/-ed endings). Pure.
 */

const STOP = new Set(
  'the and for with from that this into onto over under within before after about their there they them our your you are was were will would could should have has had not but all any each per its his her who what when where which why how than then also just very more most less much many some such only own same other can may might must shall been being does did doing out off too one two okay yeah yes right well just like really actually sort kind gonna wanna think guess mean know thing things stuff now here let'.split(
    ' ',
  ),
);

/** Crude stem: "workflows" -> "workflow", "training" -> "train", "signed" -> "sign". */
export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The content words of a text, stemmed, as a set. */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (raw.length < 3 || STOP.has(raw) || /^\d+$/.test(raw)) continue;
    out.add(stem(raw));
  }
  return out;
}

/** Jaccard similarity of the content words of two texts, 0-1 (0 when either has none). */
export function similarity(a: string, b: string): number {
  return wordSimilarity(contentWords(a), contentWords(b));
}

/** Jaccard similarity of two sets of content words (contentWords), 0-1 (0 when either is empty). */
export function wordSimilarity(x: ReadonlySet<string>, y: ReadonlySet<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const w of x) if (y.has(w)) common++;
  return common / (x.size + y.size - common);
}

/** Share of a's content words that b contains, 0-1 (how much of a short title a sentence mentions). */
export function coverage(a: string, b: string): number {
  const x = contentWords(a);
  if (x.size === 0) return 0;
  const y = contentWords(b);
  let common = 0;
  for (const w of x) if (y.has(w)) common++;
  return common / x.size;
}
