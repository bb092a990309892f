/**
 * The link rule (src/storage/gate.ts, issue 19): a path inside the InfoHub stays, links followed,
 * inside it and inside the same top-level folder; outside the InfoHub csp never writes through a link.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertInside, checkRead, checkWrite, guardHub } from '../../../src/storage/gate.js';
import { readTextFile, writeFileAtomic } from '../../../src/storage/files.js';
import { PreconditionError } from '../../../src/errors.js';

function hub(): { base: string; root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'csp-gate-'));
  const root = join(base, 'infohub');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'acme', 'success_plan'), { recursive: true });
  mkdirSync(join(root, 'quire', 'success_plan'), { recursive: true });
  mkdirSync(join(root, '.csp'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(root, 'acme', 'success_plan', 'csp.yaml'), 'meta: {account: acme}\n');
  writeFileSync(join(root, 'quire', 'success_plan', 'csp.yaml'), 'meta: {account: quire}\n');
  writeFileSync(join(outside, 'passwd'), 'root:x:0:0\n');
  bases.push(base);
  return { base, root, outside };
}
const bases: string[] = [];
afterEach(() => {
  guardHub(undefined);
  for (const b of bases.splice(0)) rmSync(b, { recursive: true, force: true });
});

const refusal = (fn: () => void): PreconditionError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PreconditionError);
    return error as PreconditionError;
  }
  throw new Error('not refused');
};

describe('assertInside', () => {
  it('lets plain paths, missing paths and links within the same account through', () => {
    const { root } = hub();
    symlinkSync('csp.yaml', join(root, 'acme', 'success_plan', 'alias.yaml'));
    for (const p of [
      'acme/success_plan/csp.yaml',
      'acme/success_plan/csp_history/v1.yaml',
      'new-account/success_plan/csp.yaml',
      '.csp/journal/acme.json',
      'acme/success_plan/alias.yaml',
    ]) {
      expect(() => assertInside(root, join(root, p)), p).not.toThrow();
    }
  });

  it('refuses a file linked out of the InfoHub, naming the link, not showing the content', () => {
    const { root, outside } = hub();
    symlinkSync(join(outside, 'passwd'), join(root, 'acme', 'success_plan', 'evil.yaml'));
    const e = refusal(() => assertInside(root, join(root, 'acme', 'success_plan', 'evil.yaml')));
    expect(e.code).toBe('outside-infohub');
    expect(e.message).toContain('evil.yaml leads outside the InfoHub');
    expect(e.message).not.toContain('root:x');
  });

  it('refuses a dangling link that points out of the InfoHub', () => {
    const { root, outside } = hub();
    symlinkSync(join(outside, 'missing', 'x.yaml'), join(root, 'acme', 'success_plan', 'dangling.yaml'));
    expect(refusal(() => assertInside(root, join(root, 'acme', 'success_plan', 'dangling.yaml'))).code).toBe(
      'outside-infohub',
    );
  });

  it('refuses a path through a loop of links (exit 3, link-loop), a lock folder or an account alike', () => {
    const { root } = hub();
    symlinkSync('b', join(root, '.csp', 'a'));
    symlinkSync('a', join(root, '.csp', 'b'));
    symlinkSync('a', join(root, '.csp', 'locks'));
    const lock = refusal(() => assertInside(root, join(root, '.csp', 'locks', 'acme.lock')));
    expect(lock.code).toBe('link-loop');
    expect(lock.exitCode).toBe(3);
    expect(lock.message).toContain(join(root, '.csp', 'locks', 'acme.lock'));
    symlinkSync('loop2', join(root, 'loop1'));
    symlinkSync('loop1', join(root, 'loop2'));
    expect(refusal(() => assertInside(root, join(root, 'loop1', 'success_plan', 'csp.yaml'))).code).toBe('link-loop');
  });

  it('refuses an account folder linked to another account, naming the link folder', () => {
    const { root } = hub();
    symlinkSync('quire', join(root, 'evil'));
    const e = refusal(() => assertInside(root, join(root, 'evil', 'success_plan', 'csp.yaml')));
    expect(e.code).toBe('link-to-account');
    expect(e.message).toContain(`${join(root, 'evil')} is a symbolic link into account "quire"`);
  });

  it("refuses a plan linked to another account's plan, and .csp linked into an account", () => {
    const { root } = hub();
    mkdirSync(join(root, 'beta', 'success_plan'), { recursive: true });
    symlinkSync('../../quire/success_plan/csp.yaml', join(root, 'beta', 'success_plan', 'csp.yaml'));
    expect(refusal(() => assertInside(root, join(root, 'beta', 'success_plan', 'csp.yaml'))).code).toBe(
      'link-to-account',
    );
    symlinkSync('../acme', join(root, '.csp', 'journal'));
    expect(refusal(() => assertInside(root, join(root, '.csp', 'journal', 'acme.json'))).code).toBe('link-to-account');
  });
});

describe('the gate of files.ts', () => {
  it('every read and write inside the registered InfoHub goes through the rule', () => {
    const { root, outside } = hub();
    symlinkSync(join(outside, 'passwd'), join(root, 'acme', 'success_plan', 'evil.yaml'));
    guardHub(root);
    const evil = join(root, 'acme', 'success_plan', 'evil.yaml');
    expect(refusal(() => readTextFile(evil, 1_000_000)).code).toBe('outside-infohub');
    expect(refusal(() => writeFileAtomic(evil, 'x: 1\n')).code).toBe('outside-infohub');
    expect(() => checkRead(join(root, 'acme', 'success_plan', 'csp.yaml'))).not.toThrow();
  });

  it('outside the InfoHub, a file named by the user is read, but never written through a link', () => {
    const { root, outside } = hub();
    guardHub(root);
    expect(() => checkRead(join(outside, 'passwd'))).not.toThrow();
    symlinkSync(join(outside, 'passwd'), join(outside, 'out.md'));
    symlinkSync(join(outside, 'nowhere.md'), join(outside, 'dangling.md'));
    expect(refusal(() => checkWrite(join(outside, 'out.md'))).code).toBe('output-is-link');
    expect(refusal(() => checkWrite(join(outside, 'dangling.md'))).code).toBe('output-is-link');
    expect(() => checkWrite(join(outside, 'plain.md'))).not.toThrow();
  });
});
