/**
 * A surviving mutant of the issue-19 audit: an array item is internal when ANY schema that applies
 * to it says so (allOf branches, a $ref with a sibling annotation), not only when every one does.
 */
import { describe, expect, it } from 'vitest';
import { redact } from '../../../src/export/redact.js';
import type { JsonSchema } from '../../../src/schema/schemas.js';

describe('array items marked internal by one of their schemas', () => {
  it.each<[string, JsonSchema]>([
    [
      'an allOf branch',
      {
        type: 'object',
        properties: {
          notes: { allOf: [{ type: 'array', items: { type: 'string' } }, { items: { 'x-visibility': 'internal' } }] },
        },
      },
    ],
    [
      'a $ref with the annotation beside it',
      {
        type: 'object',
        definitions: { note: { type: 'string' } },
        properties: { notes: { type: 'array', items: { $ref: '#/definitions/note', 'x-visibility': 'internal' } } },
      },
    ],
  ])('are withheld when %s says so', (_, schema) => {
    const { data, withheld } = redact(
      { notes: ['secret plan', 'another'], title: 'kept' } as Record<string, unknown>,
      schema,
      'customer',
    );
    expect(JSON.stringify(data)).not.toContain('secret plan');
    expect(withheld).toEqual(expect.arrayContaining(['/notes/0', '/notes/1']));
  });

  it('are kept when no schema says so', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: { notes: { allOf: [{ type: 'array', items: { type: 'string' } }, { items: { minLength: 1 } }] } },
    };
    expect(redact({ notes: ['a'] }, schema, 'customer').data).toEqual({ notes: ['a'] });
  });
});
