/**
 * Which failures of the compare-and-swap `git update-ref HEAD <new> <old>` that ends a csp commit
 * (src/git/commit.ts) are another git getting there first, so the commit is built again on the new
 * HEAD: HEAD moved, the branch was created meanwhile, or a ref lock is held for a moment. Anything
 * else fails at once.
 */
import { describe, expect, it } from 'vitest';
import { cleanMessage, isRefRace } from '../../../src/git/commit.js';

describe('isRefRace', () => {
  it.each([
    ["fatal: update_ref failed for ref 'HEAD': cannot lock ref 'HEAD': is at 1234 but expected 5678", true],
    ["fatal: update_ref failed for ref 'HEAD': cannot lock ref 'refs/heads/main': reference already exists", true],
    ["fatal: Unable to create '/hub/.git/refs/heads/main.lock': File exists.", true],
    ["fatal: Unable to create '/hub/.git/HEAD.lock': File exists.", true],
    [
      "fatal: update_ref failed for ref 'HEAD': trying to write ref 'refs/heads/main' with nonexistent object 1234",
      false,
    ],
    ['error: gpg failed to sign the data', false],
    ['husky - pre-commit hook exited with code 1 (error)', false],
  ])('%j -> %s', (message, race) => {
    expect(isRefRace(message)).toBe(race);
  });
});

describe('cleanMessage (what `git commit -m` records when no editor runs)', () => {
  it.each([
    ['csp(acme): snapshot v1 in finalize', 'csp(acme): snapshot v1 in finalize\n'],
    ['subject  \n\n\n\nbody line   \n\n', 'subject\n\nbody line\n'],
    ['\n\nsubject\n# a comment stays\n', 'subject\n# a comment stays\n'],
    ['   \n\t\n', ''],
  ])('%j -> %j', (message, clean) => {
    expect(cleanMessage(message)).toBe(clean);
  });
});
