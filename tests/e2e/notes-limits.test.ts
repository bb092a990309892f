/**
 * csp notes is bounded (issue 19): notes that give more updates than csp takes at once are refused
 * (exit 2, nothing written, the lock never held for long), and a large proposal under the bound is
 * applied whole, every item once, in one pass over each file.
 */
import { describe, expect, it } from 'vitest';
import { runCsp } from '../helpers/cli.js';
import { tempRepo } from '../helpers/repo.js';
import { MAX_NOTES_ITEMS_PER_KIND } from '../../src/notes/proposal.js';

/** A distinct made-up word per number, so that no two items read alike. */
const word = (i: number, salt: number) => {
  let s = '';
  for (let n = i * 7 + salt; s.length < 4 || n > 0; n = Math.floor(n / 21))
    s += 'bcdfghjklmnpqrstvwxyz'[n % 21]! + 'aeiou'[(n + s.length) % 5]!;
  return s;
};
const notes = (actions: number) =>
  [
    'Date: 2026-11-20',
    '',
    '## Action items',
    ...Array.from(
      { length: actions },
      (_, i) => `- Priya will send the ${word(i, 1)} ${word(i, 2)} runbook by 2026-12-0${1 + (i % 9)}`,
    ),
  ].join('\n') + '\n';

describe('csp notes with many items', () => {
  it('refuses notes with more updates of one kind than the bound, writing nothing', async () => {
    const repo = tempRepo();
    expect(
      (await runCsp(['init', 'acme', '--name', 'Acme', '--owner', 'Priya Natarajan'], { cwd: repo.dir })).code,
    ).toBe(0);
    repo.write('notes.md', notes(MAX_NOTES_ITEMS_PER_KIND + 1));
    const before = repo.read('infohub/acme/action_tracker.yaml');
    const run = await runCsp(['notes', 'acme', 'notes.md', '--offline', '--apply'], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`more than the ${MAX_NOTES_ITEMS_PER_KIND}`);
    expect(run.stderr).toContain('csp notes acme <file>');
    expect(repo.read('infohub/acme/action_tracker.yaml')).toBe(before);
  });

  it('applies a proposal at the bound whole: every action once, in order, the file valid', async () => {
    const repo = tempRepo();
    expect(
      (await runCsp(['init', 'acme', '--name', 'Acme', '--owner', 'Priya Natarajan'], { cwd: repo.dir })).code,
    ).toBe(0);
    repo.write('notes.md', notes(MAX_NOTES_ITEMS_PER_KIND));
    const run = await runCsp(['notes', 'acme', 'notes.md', '--offline', '--apply', '--json'], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
    const tracker = repo.read('infohub/acme/action_tracker.yaml');
    const ids = [...tracker.matchAll(/id: (act-\d+)/g)].map((m) => m[1]);
    expect(ids).toEqual(Array.from({ length: MAX_NOTES_ITEMS_PER_KIND }, (_, i) => `act-${i + 1}`));
    expect(tracker).toContain(
      `${word(MAX_NOTES_ITEMS_PER_KIND - 1, 1)} ${word(MAX_NOTES_ITEMS_PER_KIND - 1, 2)} runbook`,
    );
    expect((await runCsp(['validate'], { cwd: repo.dir })).code).toBe(0);
  });
});
