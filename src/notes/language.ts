/**
 * What the notes extractor asks of an NLP library, and the one it uses: wink-nlp with its English
 * lite model (the model ships in the npm package; nothing is fetched). The library reads each
 * turn once and tells sentence boundaries (in disfluent speech as well as in prose), which words a
 * negation governs ("I don't think it's such a problem": "problem" is negated), part-of-speech
 * tags (questions and imperatives), dates and proper nouns. The library is heavy (about a second
 * to load), so it is imported only when csp notes extracts offline (`loadLanguage`), never by
 * `csp --help` or `csp validate`.
 */

import type { ItemSentence } from 'wink-nlp';

/** One sentence as the extractor sees it. */
export interface Sentence {
  text: string;
  /** Lower-cased words that lie inside a negation's scope ("not", "n't", "no", "never" ... and what they govern). */
  negated: ReadonlySet<string>;
  /** The sentence has a negation at all. */
  hasNegation: boolean;
  /** A question: ends with "?", or starts with an auxiliary before its subject ("shall we ...", "do you ..."). */
  question: boolean;
  /** A command: starts with a verb in the base form, no subject ("Send the deck ..."). */
  imperative: boolean;
  /** The dates the sentence names ("Friday", "next week", "December 5th"), as written. */
  dates: string[];
  /** Runs of proper nouns ("Sarah Chen", "Friday" is a date, not a name). */
  names: string[];
}

/** Sentence analysis: text in, sentences out. Pure once loaded. */
export interface Language {
  sentences(text: string): Sentence[];
}

const FILLERS = new Set([
  'so',
  'okay',
  'ok',
  'right',
  'well',
  'and',
  'yeah',
  'yes',
  'alright',
  'oh',
  'but',
  'then',
  'now',
  'um',
  'uh',
]);
const WH = new Set(['what', 'who', 'why', 'how', 'where', 'when', 'which', 'whose']);

let loaded: Promise<Language> | undefined;

/** Loads wink-nlp and its model once per process (about a second). */
export function loadLanguage(): Promise<Language> {
  loaded ??= (async () => {
    const winkNLP = (await import('wink-nlp')).default;
    const model = (await import('wink-eng-lite-web-model')).default;
    const nlp = winkNLP(model, ['sbd', 'negation', 'pos', 'ner']);
    const its = nlp.its;
    return {
      sentences(text: string): Sentence[] {
        const out: Sentence[] = [];
        nlp
          .readDoc(text)
          .sentences()
          .each((s: ItemSentence) => {
            const words = s.tokens().out() as string[];
            const pos = s.tokens().out(its.pos) as string[];
            const flags = s.tokens().out(its.negationFlag) as unknown as boolean[];
            const negated = new Set<string>();
            words.forEach((w, i) => {
              if (flags[i]) negated.add(w.toLowerCase());
            });
            const hasNegation =
              negated.size > 0 || words.some((w) => /^(not|n't|no|never|nothing|nobody|none|neither|nor)$/i.test(w));
            let first = 0;
            while (
              first < words.length &&
              (FILLERS.has(words[first].toLowerCase()) || pos[first] === 'PUNCT' || pos[first] === 'INTJ')
            )
              first++;
            const lead = words[first]?.toLowerCase() ?? '';
            const question =
              /\?\s*$/.test(s.out()) ||
              (pos[first] === 'AUX' &&
                (pos[first + 1] === 'PRON' ||
                  pos[first + 1] === 'PROPN' ||
                  (pos[first + 1] === 'PART' && pos[first + 2] === 'PRON'))) ||
              (WH.has(lead) && pos[first + 1] === 'AUX' && !/^(is|was)$/.test(words[first + 1] ?? ''));
            const imperative =
              pos[first] === 'VERB' &&
              !/(ing|ed|s)$/i.test(lead) &&
              !(
                pos[first + 1] === 'PRON' &&
                /^(i|we|you|they|he|she)$/i.test(words[first + 1] ?? '') &&
                lead !== 'let'
              );
            const dates: string[] = [];
            const names: string[] = [];
            for (const e of s.entities().out(its.detail) as Array<{ value: string; type: string }>)
              if (e.type === 'DATE') dates.push(e.value);
            let run: string[] = [];
            words.forEach((w, i) => {
              if (pos[i] === 'PROPN' && /^[A-Z][a-z]/.test(w) && !dates.some((d) => d.includes(w))) run.push(w);
              else {
                if (run.length) names.push(run.join(' '));
                run = [];
              }
            });
            if (run.length) names.push(run.join(' '));
            out.push({ text: s.out().trim(), negated, hasNegation, question, imperative, dates, names });
          });
        return out.filter((s) => s.text.length > 0);
      },
    };
  })();
  return loaded;
}
