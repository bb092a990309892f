/**
 * Regression tests for bugs found (and fixed) in src/schema/, written as the behaviour the product promises. These tests FAIL
 * until the bugs are fixed.
 */
import { describe, expect, it } from 'vitest';
import { validateSchema } from '../../../src/schema/validate.js';
import { validateText } from '../../../src/validation/file.js';

describe('schema bugs', () => {
  // BUG 1 (validate.ts typeName): an empty file parses to undefined and typeName() renders it as
  // `${typeof value} ${show(value)}`, so `csp validate` on an empty csp.yaml says
  // "document must be object (found undefined nothing)".
  it('describes an empty document without "undefined"', async () => {
    const [issue] = await validateSchema('csp', undefined);
    expect(issue.message).not.toMatch(/undefined/);
    const { issues } = await validateText('csp.yaml', '', 'csp');
    expect(issues[0].message).not.toMatch(/undefined/);
  });
});
