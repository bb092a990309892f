/** Secrets never printed (src/cli/secrets.ts); when csp may prompt and what "today" is (src/cli/context.ts); the version. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/cli/secrets.js';
import { clockFromEnv, isInteractive } from '../../../src/cli/context.js';
import { VERSION } from '../../../src/cli/program.js';
import { today } from '../../../src/domain/dates.js';
import { UsageError } from '../../../src/errors.js';
import { REPO_ROOT } from '../helpers/plans.js';

describe('redactSecrets', () => {
  const KEY = 'sk-ant-api03-AbCdEfGh1234567890_xyz';

  it.each<[string, string, Record<string, string | undefined>, string]>([
    [
      'the Anthropic key from the environment, everywhere',
      `key=${KEY} again ${KEY}`,
      { ANTHROPIC_API_KEY: KEY },
      'key=*** again ***',
    ],
    ['any *_TOKEN', 'token ghp_1234567890abcdef used', { GITHUB_TOKEN: 'ghp_1234567890abcdef' }, 'token *** used'],
    [
      'any *_SECRET and *_PASSWORD',
      'a s3cr3t-value-1 b hunter2hunter2',
      { CLIENT_SECRET: 's3cr3t-value-1', DB_PASSWORD: 'hunter2hunter2' },
      'a *** b ***',
    ],
    ['a name in lower case', 'x abcdefgh12 y', { my_api_key: 'abcdefgh12' }, 'x *** y'],
    ['a value with regex characters, literally', 'p a.b*c+d?(e) q', { X_TOKEN: 'a.b*c+d?(e)' }, 'p *** q'],
    ['an Anthropic key that is not in the environment', `pasted ${KEY}`, {}, 'pasted sk-ant-***'],
  ])('hides %s', (_, text, env, out) => {
    expect(redactSecrets(text, env)).toBe(out);
  });

  it.each<[string, string, Record<string, string | undefined>]>([
    ['short values (fewer than 8 characters)', 'pin 1234567', { X_TOKEN: '1234567' }],
    ['variables that are not secrets', 'path /usr/local/bin here', { PATH: '/usr/local/bin' }],
    ['empty and unset variables', 'nothing here', { X_TOKEN: '', Y_API_KEY: undefined }],
    ['a name that only contains TOKEN', 'value abcdefghij', { TOKEN_FILE: 'abcdefghij' }],
  ])('leaves %s', (_, text, env) => {
    expect(redactSecrets(text, env)).toBe(text);
  });
});

describe('isInteractive: prompt only with a TTY on stdin and stdout, never under CI or --json', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };

  it.each<[string, Record<string, string | undefined>, boolean, typeof tty, boolean, boolean]>([
    ['a terminal', {}, true, tty, false, true],
    ['stdin piped', {}, false, tty, false, false],
    ['stdout piped', {}, true, pipe, false, false],
    ['--json', {}, true, tty, true, false],
    ['CI=1', { CI: '1' }, true, tty, false, false],
    ['CI=true', { CI: 'true' }, true, tty, false, false],
    ['CI empty', { CI: '' }, true, tty, false, true],
    ['CI=0', { CI: '0' }, true, tty, false, true],
    ['CI=false', { CI: 'false' }, true, tty, false, true],
  ])('%s -> %s', (_, env, stdin, stdout, json, yes) => {
    expect(isInteractive(env, stdin, stdout, json)).toBe(yes);
  });
});

describe('clockFromEnv: CSP_NOW fixes today', () => {
  it.each(['2026-11-22', '2028-02-29'])('CSP_NOW=%s', (now) => {
    const clock = clockFromEnv({ CSP_NOW: now });
    expect(today(clock)).toBe(now);
    expect(clock.now().getHours()).toBe(12);
  });

  it.each([[{}], [{ CSP_NOW: '' }]])('the system clock without it (%j)', (env) => {
    const before = Date.now();
    const t = clockFromEnv(env).now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it.each(['2027-02-30', '22/11/2026', 'today'])('refuses CSP_NOW=%s with a usage error', (now) => {
    expect(() => clockFromEnv({ CSP_NOW: now })).toThrow(UsageError);
    expect(() => clockFromEnv({ CSP_NOW: now })).toThrow(`CSP_NOW must be a date written YYYY-MM-DD (found "${now}")`);
  });
});

describe('version', () => {
  it("src/cli/program.ts VERSION is package.json's version", () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
