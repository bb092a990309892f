import { describe, expect, it } from 'vitest';
import { PreconditionError } from '../../../src/errors.js';
import { findChromium } from '../../../src/export/pdf.js';

const only =
  (...paths: string[]) =>
  (p: string) =>
    paths.includes(p);

describe('findChromium', () => {
  it.each([
    [
      'the configured path first',
      '/opt/chrome/chrome',
      '/usr/bin',
      only('/opt/chrome/chrome', '/usr/bin/chromium'),
      '/opt/chrome/chrome',
    ],
    ["Debian's chromium", undefined, '/bin', only('/usr/bin/chromium', '/usr/bin/google-chrome'), '/usr/bin/chromium'],
    ['google-chrome when chromium is absent', undefined, '', only('/usr/bin/google-chrome'), '/usr/bin/google-chrome'],
    ['chromium on PATH', undefined, '/snap/bin:/usr/local/bin', only('/snap/bin/chromium'), '/snap/bin/chromium'],
  ])('takes %s', (_, configured, path, fileExists, expected) => {
    expect(findChromium(configured, path, fileExists)).toBe(expected);
  });

  it('says how to install it when there is none (exit 3)', () => {
    const error = (() => {
      try {
        findChromium(undefined, '/usr/bin', () => false);
      } catch (e) {
        return e as PreconditionError;
      }
    })();
    expect(error).toBeInstanceOf(PreconditionError);
    expect(error!.exitCode).toBe(3);
    expect(error!.hint).toContain('sudo apt-get install -y chromium');
  });

  it('does not fall back when the configured path is missing', () => {
    expect(() => findChromium('/nope/chrome', '/usr/bin', only('/usr/bin/chromium'))).toThrow(
      /Chromium is not at \/nope\/chrome/,
    );
  });
});
