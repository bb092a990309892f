import { describe, expect, it } from 'vitest';
import { CHAINED_NAME, HOOK_MARKER, hookScript } from '../../../src/commands/hook/script.js';

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
