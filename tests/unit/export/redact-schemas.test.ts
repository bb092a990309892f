/**
 * The customer view on schemas the shipped CSP schema does not exercise (src/export/redact.ts,
 * issue 19): patternProperties, additionalProperties, tuple items, every combinator, deep and
 * self-referencing definitions, and the listing of internal and commercial paths.
 */
import { describe, expect, it } from 'vitest';
import { AUDIENCES, commercialPaths, internalPaths, redact } from '../../../src/export/redact.js';
import type { JsonSchema } from '../../../src/schema/schemas.js';

const INTERNAL = { 'x-visibility': 'internal' } as const;
const customer = (data: unknown, schema: JsonSchema, show?: string[]) =>
  redact(data, schema, 'customer', show ? { show } : {});

/** A schema nesting `depth` objects under keys k1..kN, with `leaf` as the schema of the last key. */
function chain(depth: number, leaf: JsonSchema): JsonSchema {
  let node: JsonSchema = leaf;
  for (let i = depth; i >= 1; i--) node = { type: 'object', properties: { [`k${i}`]: node } };
  return node;
}

describe('object keywords', () => {
  it('a key matched by patternProperties takes that schema; one matched by none is dropped', () => {
    const schema: JsonSchema = {
      type: 'object',
      patternProperties: { '^pub_': { type: 'string' }, '^sec_': INTERNAL },
    };
    expect(customer({ pub_a: 1, sec_b: 2, other: 3 }, schema)).toEqual({
      data: { pub_a: 1 },
      withheld: ['/sec_b', '/other'],
    });
  });

  it('patterns are Unicode regular expressions; an invalid one matches nothing', () => {
    const schema: JsonSchema = {
      type: 'object',
      patternProperties: { '^\\p{Lu}': { type: 'string' }, '(': { type: 'string' } },
    };
    expect(customer({ Äpfel: 1, 'p{Lu}x': 2, '(': 3 }, schema).data).toEqual({ Äpfel: 1 });
    // the same invalid pattern a second time (cached) still matches nothing
    expect(customer({ '(': 3 }, schema).data).toEqual({});
  });

  it('additionalProperties describes the keys no property or pattern names', () => {
    expect(
      customer({ a: 1, b: 2 }, { type: 'object', properties: { a: {} }, additionalProperties: true }).data,
    ).toEqual({ a: 1, b: 2 });
    expect(
      customer({ a: 1, b: 2 }, { type: 'object', properties: { a: {} }, additionalProperties: false }).data,
    ).toEqual({ a: 1 });
    expect(customer({ a: 1, b: 2 }, { type: 'object', properties: { a: {} }, additionalProperties: INTERNAL })).toEqual(
      { data: { a: 1 }, withheld: ['/b'] },
    );
    expect(
      customer({ a: 1, b: 2 }, { type: 'object', properties: { a: {} }, additionalProperties: { type: 'number' } })
        .data,
    ).toEqual({ a: 1, b: 2 });
    expect(
      customer({ a: 1, b: 2 }, { type: 'object', patternProperties: { '^a$': {} }, additionalProperties: INTERNAL })
        .data,
    ).toEqual({ a: 1 });
    expect(
      customer(
        { b: 2 },
        { type: 'object', definitions: { hidden: INTERNAL }, additionalProperties: { $ref: '#/definitions/hidden' } },
      ).data,
    ).toEqual({});
  });

  it('a key that an Object.prototype name would find is not described by properties', () => {
    const schema: JsonSchema = { type: 'object', properties: { a: {} } };
    expect(customer(JSON.parse('{"a":1,"toString":2,"constructor":3,"__proto__":4}'), schema).data).toEqual({ a: 1 });
  });

  it('a schema with no object keywords describes everything inside it', () => {
    expect(customer({ a: { b: [1, { c: 2 }] } }, {}).data).toEqual({ a: { b: [1, { c: 2 }] } });
    expect(customer({ a: 1 }, { type: 'object', description: 'anything' }).data).toEqual({ a: 1 });
  });

  it('an annotation-only branch beside an object branch does not open the object', () => {
    const schema: JsonSchema = { type: 'object', allOf: [{ properties: { a: {} } }, { description: 'x' }] };
    expect(customer({ a: 1, b: 2 }, schema).data).toEqual({ a: 1 });
  });
});

describe('combinators', () => {
  it.each(['allOf', 'anyOf', 'oneOf'])(
    '%s branches are followed: a field any branch marks internal is dropped',
    (keyword) => {
      const schema: JsonSchema = {
        type: 'object',
        properties: { a: {}, b: {} },
        [keyword]: [{ properties: { b: INTERNAL } }],
      };
      expect(customer({ a: 1, b: 2 }, schema)).toEqual({ data: { a: 1 }, withheld: ['/b'] });
    },
  );

  it('follows nested branches down to depth 8, and stops after (a self-referencing schema ends)', () => {
    let node: JsonSchema = { properties: { secret: INTERNAL } };
    for (let i = 0; i < 8; i++) node = { allOf: [node] };
    expect(customer({ secret: 's', open: 1 }, node).data).toEqual({});
    node = { allOf: [node] };
    // one level deeper nothing describes the keys any more: an open object
    expect(customer({ secret: 's', open: 1 }, node).data).toEqual({ secret: 's', open: 1 });
    const loop: JsonSchema = {
      definitions: { a: { allOf: [{ $ref: '#/definitions/a' }], properties: { x: {} } } },
      $ref: '#/definitions/a',
    };
    expect(customer({ x: 1, y: 2 }, loop).data).toEqual({ x: 1 });
  });
});

describe('array items', () => {
  it('tuple items take their own schema, then additionalItems', () => {
    const tuple = (additionalItems?: unknown): JsonSchema => ({
      type: 'object',
      properties: {
        t: { type: 'array', items: [{}, INTERNAL], ...(additionalItems === undefined ? {} : { additionalItems }) },
      },
    });
    expect(customer({ t: [1, 2, 3] }, tuple())).toEqual({ data: { t: [1, 3] }, withheld: ['/t/1'] });
    expect(customer({ t: [1, 2, 3] }, tuple(true)).data).toEqual({ t: [1, 3] });
    expect(customer({ t: [1, 2, 3] }, tuple(false))).toEqual({ data: { t: [1] }, withheld: ['/t/1', '/t/2'] });
    expect(customer({ t: [1, 2, 3] }, tuple(INTERNAL)).data).toEqual({ t: [1] });
    expect(customer({ t: [1, 2, { a: 1, b: 2 }] }, tuple({ properties: { a: {} } })).data).toEqual({
      t: [1, { a: 1 }],
    });
  });

  it('items true describes any item, items false none; an array schema without items describes all', () => {
    expect(customer({ t: [1, 2] }, { properties: { t: { items: true } } }).data).toEqual({ t: [1, 2] });
    expect(customer({ t: [1, 2] }, { properties: { t: { items: false } } })).toEqual({
      data: { t: [] },
      withheld: ['/t/0', '/t/1'],
    });
    expect(customer({ t: [1, { a: 2 }] }, { properties: { t: { type: 'array' } } }).data).toEqual({ t: [1, { a: 2 }] });
  });

  it('an item branch without items does not open an array another branch describes', () => {
    const schema: JsonSchema = {
      properties: { t: { allOf: [{ items: { properties: { a: {} } } }, { minItems: 1 }] } },
    };
    expect(customer({ t: [{ a: 1, b: 2 }] }, schema).data).toEqual({ t: [{ a: 1 }] });
  });

  it('a data array where the schema has a plain value keeps walking the items', () => {
    expect(customer({ t: [{ a: 1 }] }, { properties: { t: {} } }).data).toEqual({ t: [{ a: 1 }] });
  });
});

describe('visibility values and $refs', () => {
  it('any x-visibility but "customer" is internal; an unresolvable $ref is internal', () => {
    const schema: JsonSchema = {
      properties: {
        a: { 'x-visibility': 'customer' },
        b: { 'x-visibility': 'Customer' },
        c: { 'x-visibility': '' },
        d: { $ref: 'other.json#/x' },
        e: { $ref: '#/definitions/none' },
      },
    };
    expect(customer({ a: 1, b: 2, c: 3, d: 4, e: 5 }, schema)).toEqual({
      data: { a: 1, e: 5 },
      withheld: ['/b', '/c', '/d'],
    });
  });

  it('team x- keys need "customer" from some schema that describes them', () => {
    const schema: JsonSchema = {
      properties: { 'x-a': {}, 'x-b': { 'x-visibility': 'customer' }, xc: {} },
      allOf: [{ properties: { 'x-a': { description: 'no visibility' } } }],
    };
    expect(customer({ 'x-a': 1, 'x-b': 2, xc: 3 }, schema)).toEqual({ data: { 'x-b': 2, xc: 3 }, withheld: ['/x-a'] });
  });

  it('scalars and null pass through; the input is not changed', () => {
    const data = { a: null, b: 'x', c: 0, d: false, e: { f: 1 } };
    const frozen = structuredClone(data);
    expect(customer(data, {}).data).toEqual(frozen);
    expect(customer(data, { properties: { e: { properties: {} } } }).data).toEqual({ e: {} });
    expect(data).toEqual(frozen);
  });

  it('the internal view is an equal copy, not the same object', () => {
    const data = { a: { b: 1 } };
    const view = redact(data, { properties: { a: INTERNAL } }, 'internal');
    expect(view).toEqual({ data, withheld: [] });
    expect(view.data).not.toBe(data);
    expect(view.data.a).not.toBe(data.a);
  });
});

describe('commercial fields and show', () => {
  const schema: JsonSchema = {
    // NOTE: a field one branch marks commercial and another plainly internal stays internal.
    allOf: [{ properties: { mixed: INTERNAL } }],
    definitions: { money: { type: 'number', 'x-visibility': 'internal', 'x-commercial': true } },
    properties: {
      arr: { type: 'number', 'x-visibility': 'internal', 'x-commercial': true },
      note: INTERNAL,
      ref: { $ref: 'elsewhere.json', 'x-visibility': 'internal', 'x-commercial': true },
      soft: { 'x-commercial': true },
      lines: {
        type: 'array',
        items: { properties: { price: { 'x-visibility': 'internal', 'x-commercial': true }, name: {} } },
      },
      both: { allOf: [{ 'x-visibility': 'internal', 'x-commercial': true }] },
      mixed: { 'x-visibility': 'internal', 'x-commercial': true },
      hidden: {
        'x-visibility': 'internal',
        properties: { inner: { 'x-visibility': 'internal', 'x-commercial': true } },
      },
      hiddenList: {
        type: 'array',
        items: { 'x-visibility': 'internal', properties: { p: { 'x-visibility': 'internal', 'x-commercial': true } } },
      },
      tuple: { type: 'array', items: [{ properties: { q: { 'x-visibility': 'internal', 'x-commercial': true } } }] },
      viaRef: { $ref: '#/definitions/money' },
      soft2: { 'x-visibility': 'customer', 'x-commercial': true },
    },
  };

  it('lists the commercial paths, outermost, not inside internal parents, once', () => {
    expect(commercialPaths(schema)).toEqual(['arr', 'lines.*.price', 'mixed', 'viaRef']);
  });

  it('shows only the listed commercial fields; listing another internal field does nothing', () => {
    const data = { arr: 1, note: 'n', ref: 2, soft: 3, lines: [{ price: 4, name: 'x' }], mixed: 5, viaRef: 6 };
    expect(customer(data, schema).data).toEqual({ soft: 3, lines: [{ name: 'x' }] });
    expect(customer(data, schema, ['arr', 'note', 'ref', 'lines.*.price', 'mixed', 'viaRef']).data).toEqual({
      arr: 1,
      soft: 3,
      lines: [{ price: 4, name: 'x' }],
      viaRef: 6,
    });
    expect(customer(data, schema, ['lines.0.price', 'arr.x']).data).toEqual({ soft: 3, lines: [{ name: 'x' }] });
  });

  it('stops listing commercial fields below depth 12', () => {
    const money = { 'x-visibility': 'internal', 'x-commercial': true };
    expect(commercialPaths(chain(12, money))).toEqual(['k1.k2.k3.k4.k5.k6.k7.k8.k9.k10.k11.k12']);
    expect(commercialPaths(chain(13, money))).toEqual(['k1.k2.k3.k4.k5.k6.k7.k8.k9.k10.k11.k12.k13']);
    expect(commercialPaths(chain(14, money))).toEqual([]);
  });
});

describe('internalPaths', () => {
  it('lists the outermost internal paths, items as *, through refs and branches, once', () => {
    const schema: JsonSchema = {
      definitions: { secret: INTERNAL, node: { properties: { child: { $ref: '#/definitions/node' }, s: INTERNAL } } },
      properties: {
        a: INTERNAL,
        b: { properties: { c: INTERNAL, d: {} } },
        list: { items: INTERNAL },
        rows: { items: { properties: { e: { $ref: '#/definitions/secret' } } } },
        tuple: { items: [INTERNAL] },
        tree: { $ref: '#/definitions/node' },
        twice: { allOf: [{ properties: { f: INTERNAL } }, { properties: { f: INTERNAL } }] },
      },
    };
    // a $ref'd definition that refers to itself is followed down to 12 levels (a fresh node each time)
    const tree = Array.from({ length: 12 }, (_, i) => ['tree', ...Array(11 - i).fill('child'), 's'].join('.'));
    expect(internalPaths(schema)).toEqual(['a', 'b.c', 'list.*', 'rows.*.e', ...tree, 'twice.f']);
  });

  it('visits a node it is already inside only once (a schema object that contains itself)', () => {
    const node: JsonSchema = { properties: { s: INTERNAL } };
    (node.properties as Record<string, JsonSchema>).self = node;
    expect(internalPaths(node)).toEqual(['s']);
  });

  it('stops below depth 12', () => {
    expect(internalPaths(chain(13, INTERNAL))).toEqual(['k1.k2.k3.k4.k5.k6.k7.k8.k9.k10.k11.k12.k13']);
    expect(internalPaths(chain(14, INTERNAL))).toEqual([]);
  });
});

describe('after the first mutation run (issue 19)', () => {
  it('the audiences are customer and internal', () => {
    expect(AUDIENCES).toEqual(['customer', 'internal']);
  });

  it('a definition whose items refer to itself ends (commercial paths)', () => {
    const schema: JsonSchema = {
      definitions: {
        node: {
          items: { $ref: '#/definitions/node' },
          properties: { p: { 'x-visibility': 'internal', 'x-commercial': true } },
        },
      },
      $ref: '#/definitions/node',
    };
    expect(commercialPaths(schema)[0]).toBe('p');
    expect(commercialPaths(schema)).toContain('*.p');
  });

  it('a team x- key is shown when one of its schemas says customer', () => {
    const schema: JsonSchema = {
      properties: { 'x-a': { 'x-visibility': 'customer' } },
      allOf: [{ properties: { 'x-a': { description: 'no visibility' } } }],
    };
    expect(customer({ 'x-a': 1 }, schema).data).toEqual({ 'x-a': 1 });
  });

  it('items true and additionalItems true describe object items too', () => {
    expect(customer({ t: [{ a: 1 }] }, { properties: { t: { items: true } } }).data).toEqual({ t: [{ a: 1 }] });
    expect(customer({ t: [1, { a: 1 }] }, { properties: { t: { items: [{}], additionalItems: true } } }).data).toEqual({
      t: [1, { a: 1 }],
    });
  });
});
