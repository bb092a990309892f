/**
 * Which failures of `git add` + `git commit --only` commitFiles tries again (src/git/simple-git.ts):
 * a lock another git holds, and an `add` that a concurrent commit lost (the message below is the
 * one CI printed for six `csp snapshot` runs at once). Anything else fails at once.
 */
import { describe, expect, it } from 'vitest';
import { isTransientCommitError } from '../../../src/git/simple-git.js';

describe('isTransientCommitError', () => {
  it.each([
    ["fatal: Unable to create '/hub/.git/index.lock': File exists.", true],
    ["error: cannot lock ref 'HEAD': is at 1234 but expected 5678", true],
    ["fatal: Unable to create '/hub/.git/HEAD.lock': File exists.", true],
    ["error: pathspec 'infohub/a1/success_plan/csp_history/csp_v1_2026-11-22.yaml' did not match any file(s) known to git", true],
    ['Author identity unknown\n*** Please tell me who you are.', false],
    ['nothing to commit, working tree clean', false],
    ['husky - pre-commit hook exited with code 1 (error)', false],
  ])('%j -> %s', (message, transient) => {
    expect(isTransientCommitError(new Error(message))).toBe(transient);
  });
});
