import { describe, expect, it } from 'vitest';
import {
  CHAINED_NAME,
  FINISH_MARKER,
  finishHookScript,
  HOOK_MARKER,
  hookScript,
} from '../../../src/commands/hook/script.js';

describe('hookScript', () => {
  const script = hookScript({ node: "/opt/node's/bin/node", csp: '/usr/lib/csp/bin/csp', version: '0.1.0' });

  it('is a POSIX sh script csp recognises as its own', () => {
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain(HOOK_MARKER);
  });

  it('quotes the paths it was installed with, runs a chained hook first, and never reads stdin', () => {
    expect(script).toContain(`node='/opt/node'\\''s/bin/node'`);
    expect(script).toContain(`csp='/usr/lib/csp/bin/csp'`);
    expect(script.indexOf(CHAINED_NAME)).toBeLessThan(script.indexOf('validate --staged'));
    expect(script).toMatch(/validate --staged --quiet <\/dev\/null/);
  });
});

describe('finishHookScript', () => {
  const make = (hook: 'post-merge' | 'post-rewrite' | 'post-commit') =>
    finishHookScript({ node: '/usr/bin/node', csp: '/usr/lib/csp/bin/csp', version: '0.1.0', hook });

  it('post-commit starts csp only for a merge commit outside a rebase (a merge a person concluded)', () => {
    const script = make('post-commit');
    expect(script).toContain(FINISH_MARKER);
    const guard = script.indexOf('HEAD^2');
    expect(guard).toBeGreaterThan(0);
    expect(guard).toBeLessThan(script.indexOf('merge-file --finish'));
    expect(script.indexOf('rebase-merge')).toBeLessThan(script.indexOf('merge-file --finish'));
  });

  it('post-rewrite runs for a rebase only, post-merge always; both only when the log lists a snapshot or a rename', () => {
    expect(make('post-rewrite')).toContain('[ "$1" = rebase ] || exit 0');
    expect(make('post-merge')).not.toContain('HEAD^2');
    for (const hook of ['post-merge', 'post-rewrite', 'post-commit'] as const)
      expect(make(hook)).toContain(`-e '"renames": \\[$'`);
  });
});
