/**
 * Telling the git operation a merge driver runs under from the git process's command line
 * (src/git/invocation.ts, issue 20: cherry-pick and stash pop leave no other trace in git 2.39).
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findGitInvocation, gitOperationOf, parseGitCommand, processAlive } from '../../../src/git/invocation.js';

const op = (...argv: string[]) => {
  const cmd = parseGitCommand(argv);
  return cmd ? gitOperationOf(cmd) : null;
};

describe('parseGitCommand', () => {
  it('finds the subcommand after git global options, with or without a path to git', () => {
    expect(parseGitCommand(['git', 'cherry-pick', 'abc'])).toEqual({ command: 'cherry-pick', args: ['abc'] });
    expect(parseGitCommand(['/usr/bin/git', '-C', 'my dir', '-c', 'a.b=c', '--no-pager', 'stash', 'pop'])).toEqual({
      command: 'stash',
      args: ['pop'],
    });
    expect(parseGitCommand(['C:\\Git\\cmd\\git.exe', '--git-dir=.git', 'merge', 'x'])?.command).toBe('merge');
    expect(parseGitCommand(['/usr/lib/git-core/git-cherry-pick', 'abc'])).toEqual({
      command: 'cherry-pick',
      args: ['abc'],
    });
  });

  it('is null for anything that is not git, or git without a subcommand', () => {
    expect(parseGitCommand([])).toBeNull();
    expect(parseGitCommand(['/bin/sh', '-c', 'git cherry-pick x'])).toBeNull();
    expect(parseGitCommand(['node', '/usr/lib/csp/bin/csp', 'merge-file'])).toBeNull();
    expect(parseGitCommand(['gitk', 'x'])).toBeNull();
    expect(parseGitCommand(['git', '-C', 'dir'])).toBeNull();
  });
});

describe('gitOperationOf', () => {
  it('a cherry-pick of one commit names it, options and their values skipped', () => {
    expect(op('git', 'cherry-pick', 'side')).toEqual({ op: 'cherry-pick', rev: 'side' });
    expect(op('git', 'cherry-pick', '-x', '--strategy', 'ort', '-X', 'theirs', 'abc123')).toEqual({
      op: 'cherry-pick',
      rev: 'abc123',
    });
    expect(op('git', 'cherry-pick', '--no-commit', 'HEAD@{2}')).toEqual({ op: 'cherry-pick', rev: 'HEAD@{2}' });
  });

  it('several commits, a range, a merge with -m, or --continue: not a single pick (the sequencer folder says the rest)', () => {
    for (const argv of [
      ['git', 'cherry-pick', 'a', 'b'],
      ['git', 'cherry-pick', 'main..side'],
      ['git', 'cherry-pick', '^main', 'side'],
      ['git', 'cherry-pick', '-m', '1', 'merge'],
      ['git', 'cherry-pick', '--mainline=1', 'merge'],
      ['git', 'cherry-pick', '--continue'],
    ])
      expect(op(...argv)).toEqual({ op: 'other', command: 'cherry-pick' });
  });

  it('stash pop and apply name the stash as git resolves it', () => {
    expect(op('git', 'stash', 'pop')).toEqual({ op: 'stash', action: 'pop', stash: 'stash@{0}' });
    expect(op('git', 'stash', 'apply', '--index', '-q', 'stash@{2}')).toEqual({
      op: 'stash',
      action: 'apply',
      stash: 'stash@{2}',
    });
    expect(op('git', 'stash', 'pop', '1')).toEqual({ op: 'stash', action: 'pop', stash: 'stash@{1}' });
  });

  it('anything else is other (merge, pull, rebase, revert, stash push)', () => {
    expect(op('git', 'merge', 'x')).toEqual({ op: 'other', command: 'merge' });
    expect(op('git', 'pull', '--rebase')).toEqual({ op: 'other', command: 'pull' });
    expect(op('git', 'revert', 'abc')).toEqual({ op: 'other', command: 'revert' });
    expect(op('git', 'stash', 'push')).toEqual({ op: 'other', command: 'stash' });
    expect(op('git', 'stash')).toEqual({ op: 'other', command: 'stash' });
  });
});

describe('findGitInvocation (the process table)', () => {
  it('is null when no git process is above the start (node, its shell...)', () => {
    expect(findGitInvocation(process.pid, 2)).toBeNull();
    expect(findGitInvocation(1, 4)).toBeNull();
  });

  it('finds a git process by its pid and reads its command line', async () => {
    // NOTE: `git cherry-pick --help`-like commands exit at once; `git hash-object --stdin` waits for stdin.
    const child = spawn('git', ['-c', 'x.y=z', 'hash-object', '--stdin'], { stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(findGitInvocation(child.pid!, 1)).toEqual({
        pid: child.pid,
        command: 'hash-object',
        args: ['--stdin'],
      });
      expect(processAlive(child.pid!)).toBe(true);
    } finally {
      child.stdin!.end();
      await new Promise((r) => child.on('exit', r));
    }
    expect(processAlive(child.pid!)).toBe(false);
  });
});
