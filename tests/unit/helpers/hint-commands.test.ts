/** The suite-wide hint check (issue 15) reads commands from csp's output: hints yes, prose that names a command no. */
import { describe, expect, it } from 'vitest';
import { hintCommands } from '../../helpers/cli.js';

describe('hintCommands', () => {
  it('reads the commands of fix:, hint: and -> lines and of notes after a colon', () => {
    expect(hintCommands('  fix: csp set acme ms-2.status done')).toEqual(['csp set acme ms-2.status done']);
    expect(hintCommands('hint: csp handoff acme --to "<CA>"; then, as the CA: csp handoff acme --accept')).toEqual([
      'csp handoff acme --to "<CA>"',
      'csp handoff acme --accept',
    ]);
    expect(hintCommands('-> csp add risk acme --title "..." --mitigation "..."')).toEqual([
      'csp add risk acme --title "..." --mitigation "..."',
    ]);
  });

  it('leaves prose that names a command', () => {
    expect(hintCommands('csp: error: acme: csp init on acme was interrupted and is not finished yet')).toEqual([]);
    expect(hintCommands('  acme: csp init on acme was interrupted (started 10:00 UTC)')).toEqual([]);
    expect(hintCommands('hint: delete the marker lines, run csp validate again, then git add the file')).toEqual([]);
    expect(hintCommands('(dry run: this is what csp ci github would write to x.yml; nothing was written)')).toEqual([]);
  });
});

describe('words', () => {
  it('splits as sh does: quotes, escapes and adjacent parts joined', async () => {
    const { words } = await import('../../helpers/hints.js');
    expect(words(`csp init twin --owner 'Priya O'\\''Neil' --name "Twin Co" a\\ b`)).toEqual([
      'csp',
      'init',
      'twin',
      '--owner',
      "Priya O'Neil",
      '--name',
      'Twin Co',
      'a b',
    ]);
  });

  it('reads a command after --infohub with a quoted folder, and ends it where the prose starts', () => {
    const out = `  -  x is missing  ->  csp --infohub '/tmp/Priya'\\''s plans' add objective acme --statement "..." (a plan holds 3 to 5)`;
    expect(hintCommands(out)).toEqual([`csp --infohub '/tmp/Priya'\\''s plans' add objective acme --statement "..."`]);
    expect(hintCommands('fix: csp --infohub hub never replaces it')).toEqual([]);
  });

  it('leaves a bracketed data source after a score arrow', () => {
    expect(hintCommands('      nps: 4 -> 20  [2026-11-01 csp signal]')).toEqual([]);
  });
});
