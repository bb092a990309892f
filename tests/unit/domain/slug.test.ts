/** Account slugs (src/domain/slug.ts): what keeps csp from writing outside the InfoHub. */
import { describe, expect, it } from 'vitest';
import { slugProblem, slugify } from '../../../src/domain/slug.js';

describe('slugProblem', () => {
  it.each([
    ['acme'],
    ['acme-corp'],
    ['acme_corp'],
    ['quire-203'],
    ['3m'],
    ['a'],
    ['a'.repeat(64)],
    ['comx'],
    ['com10'],
    ['console'],
  ])('accepts %s', (slug) => {
    expect(slugProblem(slug)).toBeNull();
  });

  it.each([
    ['empty', '', 'the account name is empty'],
    ['..', '..', "the account name contains '..'"],
    ['a..b', 'a..b', "the account name contains '..'"],
    ['a path (/)', 'acme/../etc', 'the account name contains a path separator'],
    ['a leading /', '/etc', 'the account name contains a path separator'],
    ['a backslash', 'a\\b', 'the account name contains a path separator'],
    ['a NUL byte', 'acme\0', 'the account name contains a NUL byte'],
    ['65 characters', 'a'.repeat(65), 'the account name is longer than 64 characters'],
    [
      'upper case',
      'Acme',
      "the account name may use only lower-case letters, digits, '-' and '_', and must start with a letter or digit",
    ],
    [
      'a space',
      'acme corp',
      "the account name may use only lower-case letters, digits, '-' and '_', and must start with a letter or digit",
    ],
    [
      'a leading dash (an option)',
      '-acme',
      "the account name may use only lower-case letters, digits, '-' and '_', and must start with a letter or digit",
    ],
    [
      'a leading dot (hidden)',
      '.git',
      "the account name may use only lower-case letters, digits, '-' and '_', and must start with a letter or digit",
    ],
    [
      'an accent',
      'café',
      "the account name may use only lower-case letters, digits, '-' and '_', and must start with a letter or digit",
    ],
    [
      'a single dot',
      '.',
      "the account name may use only lower-case letters, digits, '-' and '_', and must start with a letter or digit",
    ],
    ['a Windows device name', 'con', '"con" is a reserved name'],
    ['nul', 'nul', '"nul" is a reserved name'],
    ['com1', 'com1', '"com1" is a reserved name'],
    ['lpt9', 'lpt9', '"lpt9" is a reserved name'],
    ['node_modules', 'node_modules', '"node_modules" is a reserved name'],
    ['schemas (a folder csp writes)', 'schemas', '"schemas" is a reserved name'],
    ['playbooks', 'playbooks', '"playbooks" is a reserved name'],
  ])('refuses %s', (_, slug, problem) => {
    expect(slugProblem(slug)).toBe(problem);
  });
});

describe('slugify', () => {
  it.each([
    ['Zoonoodle 37', 'zoonoodle-37'],
    ['TechCorp Industries', 'techcorp-industries'],
    ['Ääkkönen & Co.', 'aakkonen-and-co'],
    ['Crème Brûlée SA', 'creme-brulee-sa'],
    ['Johnson & Johnson', 'johnson-and-johnson'],
    ['AT&T', 'at-and-t'],
    ['  --Acme--  ', 'acme'],
    ['Acme, Inc. (EMEA)', 'acme-inc-emea'],
    ['under_score', 'under-score'],
    ['', 'account'],
    ['!!!', 'account'],
    ['CON', 'con-account'],
    ['Com1', 'com1-account'],
    ['Node Modules', 'node-modules'],
    ['../../etc/passwd', 'etc-passwd'],
  ])('%j -> %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
    expect(slugProblem(slugify(name))).toBeNull();
  });

  it('cuts long names to 64 characters without a trailing dash', () => {
    const slug = slugify('Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu');
    expect(slug.length).toBeLessThanOrEqual(64);
    expect(slug.endsWith('-')).toBe(false);
    expect(slug).toBe('alpha-beta-gamma-delta-epsilon-zeta-eta-theta-iota-kappa-lambda');
  });
});
