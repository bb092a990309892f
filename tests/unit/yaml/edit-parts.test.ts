import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { column, columnOfKey, detectStyle, lineStart, nest, samePath } from '../../../src/yaml/edit/common.js';
import { renderKeyValue, renderScalar, renderSeqItem } from '../../../src/yaml/edit/render.js';
import { addComments, collectComments, subtract, verify } from '../../../src/yaml/edit/verify.js';

describe('yaml/edit parts: text positions (common)', () => {
  it('finds line starts and columns', () => {
    const text = 'a: 1\nbb: 2\n';
    expect(lineStart(text, 0)).toBe(0);
    expect(lineStart(text, 7)).toBe(5);
    expect(column(text, 7)).toBe(2);
  });
  it('nests a value under the rest of a path', () => {
    expect(nest(['a', 0, 'b'], 1)).toEqual({ a: [{ b: 1 }] });
    expect(nest([], 'x')).toBe('x');
  });
  it('compares paths', () => {
    expect(samePath(['a', 0], ['a', 0])).toBe(true);
    expect(samePath(['a', 0], ['a', '0'])).toBe(false);
    expect(samePath(['a'], ['a', 0])).toBe(false);
  });
  it('detects how a file indents sequences under keys', () => {
    expect(detectStyle('k:\n- a\n- b\nj:\n- c\n').indentSeq).toBe(false);
    expect(detectStyle('k:\n  - a\n').indentSeq).toBe(true);
    expect(detectStyle('a: 1\n').indentSeq).toBe(true);
  });
  it('gives the column of a map key', () => {
    const text = 'outer:\n  inner: 1\n';
    const doc = parseDocument(text);
    expect(columnOfKey(text, doc, ['outer', 'inner'])).toBe(2);
    expect(columnOfKey(text, doc, ['outer', 'missing'])).toBeNull();
    expect(columnOfKey(text, doc, [])).toBeNull();
  });
});

describe('yaml/edit parts: rendering', () => {
  it('quotes dates and keeps the quoting of the scalar replaced', () => {
    expect(renderScalar('2026-01-02')).toBe('"2026-01-02"');
    const like = parseDocument("k: 'x'").get('k', true) as never;
    expect(renderScalar('y', like)).toBe("'y'");
    expect(renderScalar(3)).toBe('3');
  });
  it('renders a key and a list item at an indent', () => {
    expect(renderKeyValue('a', 1, 2, { indentSeq: true })).toBe('  a: 1\n');
    expect(renderKeyValue('a', [], 0, { indentSeq: true })).toBe('a: []\n');
    expect(renderSeqItem('x', 2, false, { indentSeq: true })).toBe('  - x\n');
    expect(renderSeqItem({ a: 1 }, 0, true, { indentSeq: true })).toBe('- { a: 1 }\n');
  });
});

describe('yaml/edit parts: verify', () => {
  it('counts comments and subtracts the dropped ones', () => {
    const doc = parseDocument('# top\na: 1 # one\nb: 2 # one\n');
    const comments = collectComments(doc);
    expect(comments.get('one')).toBe(2);
    expect(comments.get('top')).toBe(1);
    const less = subtract(comments, new Map([['one', 3]]));
    expect(less.get('one')).toBe(0);
    const into = new Map([['one', 1]]);
    addComments(
      into,
      new Map([
        ['one', 2],
        ['two', 1],
      ]),
    );
    expect(into).toEqual(
      new Map([
        ['one', 3],
        ['two', 1],
      ]),
    );
  });
  it('accepts only text with the expected data and the comments kept', () => {
    const comments = new Map([['keep', 1]]);
    expect(verify('a: 1 # keep\n', { a: 1 }, comments)).toBe(true);
    expect(verify('a: 1\n', { a: 1 }, comments)).toBe(false);
    expect(verify('a: 2 # keep\n', { a: 1 }, comments)).toBe(false);
    expect(verify('a: [1\n', { a: 1 }, new Map())).toBe(false);
  });
});
