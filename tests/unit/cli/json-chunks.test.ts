// jsonChunks (src/cli/render.ts): the --json text written in pieces is JSON.stringify(value, null, 2)
// and a newline, exactly, and no piece cuts a string value.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonChunks } from '../../../src/cli/render.js';

const whole = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const joined = (value: unknown) => [...jsonChunks(value)].join('');

describe('jsonChunks', () => {
  it('writes a small value in one piece', () => {
    expect([...jsonChunks({ ok: true, a: [1, 2] })]).toEqual([whole({ ok: true, a: [1, 2] })]);
    expect([...jsonChunks([1, 2, 3])]).toEqual([whole([1, 2, 3])]);
    expect([...jsonChunks(null)]).toEqual(['null\n']);
  });

  it('writes the long arrays of an object in pieces, giving the same text', () => {
    const accounts = Array.from({ length: 3000 }, (_, i) => ({
      account: `account-${i}`,
      arr: i * 1000,
      tags: i % 3 ? [] : ['x', { y: null }],
      none: undefined,
    }));
    const value = {
      ok: true,
      counts: { plans: 3000 },
      accounts,
      empty: [],
      skip: undefined,
      fn: () => 1,
      last: 'done',
    };
    const pieces = [...jsonChunks(value)];
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(whole(value));
    // A piece ends at the end of a line: never inside a string value, where a secret could be cut.
    for (const piece of pieces) expect(piece.endsWith('\n')).toBe(true);
  });

  it('gives JSON.stringify text for any JSON value, with long arrays at the top level', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 257, maxLength: 400 }),
        fc.string(),
        (v, long, key) => {
          expect(joined(v)).toBe(whole(v));
          const object = { head: v, [key]: long, tail: [v] };
          expect(joined(object)).toBe(whole(object));
        },
      ),
      { numRuns: 60 },
    );
  });
});
