#!/usr/bin/env node
// Quality of the offline notes extractor (csp notes --offline) on real meetings: the four AMI
// meetings ES2002a-d of QMSum, against the decisions and action items their human answers state.
//
// Gold: tests/fixtures/qmsum-ami/gold.json, one item per decision or action stated in the QMSum
// answers (specific_query_list, and the whole-meeting summary), each with the transcript span of
// its answer (null: the whole meeting) and keywords taken from the answer's words.
// Matching: a proposed decision (or action) matches a gold decision (or action) of the same
// meeting when its transcript turn lies inside the gold span and its own sentence (the evidence
// it cites) contains at least one of the gold keywords (stemmed).
// Precision = proposals that match some gold item / proposals; recall = gold items matched by
// some proposal / gold items. The gold lists only what the answers happen to mention, so a
// correct proposal of a decision no answer names counts against precision: precision is a lower
// bound. Run: npm run bench -- notes-eval (after npm run build).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { parseNotes } = await import(`${root}dist/notes/parse.js`);
const { extractFindings } = await import(`${root}dist/notes/extract.js`);
const { contentWords, stem } = await import(`${root}dist/domain/text-match.js`);

const fixtures = `${root}tests/fixtures/qmsum-ami/`;
const gold = JSON.parse(readFileSync(`${fixtures}gold.json`, 'utf8')).items;
const meetings = ['ES2002a', 'ES2002b', 'ES2002c', 'ES2002d'];
const verbose = process.argv.includes('--verbose');

const totals = { decision: { proposed: 0, correct: 0, gold: 0, found: 0 }, action: { proposed: 0, correct: 0, gold: 0, found: 0 } };
const rows = [];
let elapsed = 0;
for (const meeting of meetings) {
  const text = readFileSync(`${fixtures}${meeting}.json`, 'utf8');
  const started = performance.now();
  const transcript = parseNotes(text, `${meeting}.json`);
  const findings = extractFindings(transcript, { meetingDate: '2026-11-22', milestones: [], people: [] });
  elapsed += performance.now() - started;
  const turns = transcript.turns.length;
  for (const type of ['decision', 'action']) {
    const proposals = findings.filter((f) => f.kind === type);
    const items = gold.filter((g) => g.meeting === meeting && g.type === type);
    const matches = (p, g) => {
      const [from, to] = g.span ?? [0, Number.MAX_SAFE_INTEGER];
      if (p.turn === null || p.turn < from || p.turn > to) return false;
      const words = contentWords(p.evidence);
      return g.keywords.some((k) => words.has(stem(k.toLowerCase())));
    };
    const correct = proposals.filter((p) => items.some((g) => matches(p, g)));
    const found = items.filter((g) => proposals.some((p) => matches(p, g)));
    Object.assign(totals[type], {
      proposed: totals[type].proposed + proposals.length,
      correct: totals[type].correct + correct.length,
      gold: totals[type].gold + items.length,
      found: totals[type].found + found.length,
    });
    rows.push({ meeting, type, turns, proposed: proposals.length, correct: correct.length, gold: items.length, found: found.length });
    if (verbose) {
      for (const p of proposals) console.log(`${meeting} ${type} t${p.turn} ${correct.includes(p) ? 'MATCH' : '     '} ${(p.decision ?? p.what).slice(0, 110)}`);
      for (const g of items) if (!found.includes(g)) console.log(`${meeting} ${type} MISSED: ${g.quote}`);
    }
  }
}

const pct = (a, b) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(0)}%`);
console.log('| meeting | kind | turns | proposed | correct | precision | gold items | found | recall |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.meeting} | ${r.type} | ${r.turns} | ${r.proposed} | ${r.correct} | ${pct(r.correct, r.proposed)} | ${r.gold} | ${r.found} | ${pct(r.found, r.gold)} |`);
for (const type of ['decision', 'action']) {
  const t = totals[type];
  console.log(`| **all four** | ${type} | | ${t.proposed} | ${t.correct} | **${pct(t.correct, t.proposed)}** | ${t.gold} | ${t.found} | **${pct(t.found, t.gold)}** |`);
}
const all = { proposed: totals.decision.proposed + totals.action.proposed, correct: totals.decision.correct + totals.action.correct, gold: totals.decision.gold + totals.action.gold, found: totals.decision.found + totals.action.found };
console.log(`| **all four** | both | | ${all.proposed} | ${all.correct} | **${pct(all.correct, all.proposed)}** | ${all.gold} | ${all.found} | **${pct(all.found, all.gold)}** |`);
console.log(`\nextraction time for the four meetings (parse + extract, in process): ${elapsed.toFixed(0)} ms`);
