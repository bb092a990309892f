#!/usr/bin/env node
// Quality of the offline notes extractor (csp notes --offline) on real meetings: the four AMI
// meetings ES2002a-d of QMSum (tests/fixtures/qmsum-ami/, a copy of ../shared/data/qmsum-ami/), against hand labels.
//
// Labels: bench/notes-labels/<meeting>.json, one item per decision or action item a person reading
// the meeting would log, each with the turns it rests on (QMSum transcript indexes), for actions
// the owner (role and name), and a rationale; "how" says how the meeting was read, "notRecorded"
// what was deliberately left out (agenda lines, open questions).
//
// Matching rule: a proposal matches a label when
//   - the kinds are the same (decision, action; risk when a meeting labels risks),
//   - one of the turns the proposal cites lies within 2 turns of one of the label's turns, and
//   - for an action label, the proposal names one of the label's owners (case-insensitive).
// Matching is one to one: each label is credited to the first proposal that matches it; a second
// proposal of the same label is a duplicate and counts as not correct (a reviewer reads it twice).
// Precision = correct proposals / proposals; recall = matched labels / labels.
// Run: npm run bench -- notes-eval (builds first). --verbose lists every proposal and miss.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { parseNotes } = await import(`${root}dist/notes/parse.js`);
const { extractFindings } = await import(`${root}dist/notes/extract.js`);

// The meetings: the repository's copy (tests/fixtures/qmsum-ami/, identical to ../shared/data/qmsum-ami/).
const shared = existsSync(`${root}tests/fixtures/qmsum-ami/ES2002a.json`)
  ? `${root}tests/fixtures/qmsum-ami/`
  : `${root}../shared/data/qmsum-ami/`;
const meetings = ['ES2002a', 'ES2002b', 'ES2002c', 'ES2002d'];
const verbose = process.argv.includes('--verbose');
const NEAR = 2;
const kinds = ['decision', 'action', 'risk'];

const totals = Object.fromEntries(
  kinds.map((k) => [k, { proposed: 0, correct: 0, labels: 0, found: 0, labelled: false }]),
);
const rows = [];
let elapsed = 0;
for (const meeting of meetings) {
  const labels = JSON.parse(readFileSync(`${root}bench/notes-labels/${meeting}.json`, 'utf8')).items;
  const text = readFileSync(`${shared}${meeting}.json`, 'utf8');
  const started = performance.now();
  const transcript = await parseNotes(text, `${meeting}.json`);
  const findings = await extractFindings(transcript, { meetingDate: '2026-11-22', milestones: [], people: [] });
  elapsed += performance.now() - started;
  for (const kind of kinds) {
    const items = labels.filter((l) => l.kind === kind);
    const labelled = items.length > 0 || kind !== 'risk';
    const proposals = findings.filter((f) => f.kind === kind);
    const credited = new Set();
    const verdicts = proposals.map((p) => {
      const cited = p.turns ?? (p.turn === null ? [] : [p.turn]);
      const hits = items.filter(
        (l) =>
          cited.some((t) => l.turns.some((u) => Math.abs(t - u) <= NEAR)) &&
          (!l.owner || (p.who && l.owner.some((o) => o.toLowerCase() === p.who.toLowerCase()))),
      );
      const free = hits.find((l) => !credited.has(l));
      if (free) credited.add(free);
      return free ? `MATCH ${free.id}` : hits.length ? `DUP   ${hits[0].id}` : labelled ? 'WRONG' : '(unlabelled)';
    });
    const correct = verdicts.filter((v) => v.startsWith('MATCH')).length;
    const t = totals[kind];
    t.labelled ||= labelled;
    Object.assign(t, {
      proposed: t.proposed + proposals.length,
      correct: t.correct + correct,
      labels: t.labels + items.length,
      found: t.found + credited.size,
    });
    rows.push({
      meeting,
      kind,
      proposed: proposals.length,
      correct,
      labels: labelled ? items.length : null,
      found: credited.size,
    });
    if (verbose) {
      proposals.forEach((p, i) =>
        console.log(
          `${meeting} ${kind.padEnd(8)} ${verdicts[i].padEnd(12)} t${(p.turns ?? [p.turn]).join(',')} ${p.confidence} ${p.who ? `[${p.who}] ` : ''}${(p.decision ?? p.what ?? p.title).slice(0, 110)}`,
        ),
      );
      for (const l of items)
        if (!credited.has(l))
          console.log(`${meeting} ${kind.padEnd(8)} MISSED ${l.id} t${l.turns.join(',')} ${l.text}`);
    }
  }
}

const pct = (a, b) => (b === 0 ? 'n/a' : (a / b).toFixed(2));
console.log('| meeting | kind | proposed | correct | precision | labels | found | recall |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.meeting} | ${r.kind} | ${r.proposed} | ${r.labels === null ? '' : r.correct} | ${r.labels === null ? '' : pct(r.correct, r.proposed)} | ${r.labels ?? 'not labelled'} | ${r.labels === null ? '' : r.found} | ${r.labels === null ? '' : pct(r.found, r.labels)} |`,
  );
for (const kind of kinds) {
  const t = totals[kind];
  if (!t.labelled) {
    console.log(`| **all four** | ${kind} | ${t.proposed} | | | not labelled | | |`);
    continue;
  }
  console.log(
    `| **all four** | ${kind} | ${t.proposed} | ${t.correct} | **${pct(t.correct, t.proposed)}** | ${t.labels} | ${t.found} | **${pct(t.found, t.labels)}** |`,
  );
}
console.log(
  `\nmatching: same kind, a cited turn within ${NEAR} turns of a labelled turn, an action naming a labelled owner; one proposal per label (duplicates count as wrong).`,
);
console.log(`extraction time for the four meetings (parse + extract, in process): ${elapsed.toFixed(0)} ms`);
