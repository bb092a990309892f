import { describe, expect, it } from 'vitest';
import { csvField, escapeHtml, escapeMarkdown, neutralizeFormula, safeUrl } from '../../../src/domain/escape.js';

describe('neutralizeFormula (OWASP CSV injection)', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1+cmd|"/C calc"!A0', `'+1+cmd|"/C calc"!A0`],
    ['-2+3+cmd|"/C calc"!A0', `'-2+3+cmd|"/C calc"!A0`],
    ['@SUM(1+1)*cmd|"/C calc"!A0', `'@SUM(1+1)*cmd|"/C calc"!A0`],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ['＝HYPERLINK("x")', `'＝HYPERLINK("x")`],
    ['Acme Corp', 'Acme Corp'],
    ['a = b', 'a = b'],
    ['', ''],
  ])('%j -> %j', (input, output) => expect(neutralizeFormula(input)).toBe(output));
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    [' padded', '" padded"'],
    [42, '42'],
    [-5, '-5'],
    [Number.NaN, ''],
    [true, 'true'],
    [null, ''],
    [undefined, ''],
  ] as const)('%j -> %j', (input, output) => expect(csvField(input)).toBe(output));
});

describe('escapeHtml', () => {
  it('turns markup into text', () => {
    expect(escapeHtml('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(`<img src=x onerror='alert(1)'>`)).toBe('&lt;img src=x onerror=&#39;alert(1)&#39;&gt;');
    expect(escapeHtml('Fish & Chips')).toBe('Fish &amp; Chips');
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert\\(1\\)&lt;/script&gt;'],
    ['[Click](javascript:alert(1))', '\\[Click\\]\\(javascript:alert\\(1\\)\\)'],
    ['a | b', 'a \\| b'],
    ['line one\nline two', 'line one line two'],
    ['*bold* _it_', '\\*bold\\* \\_it\\_'],
    ['=HYPERLINK("x")', '\\=HYPERLINK\\("x"\\)'],
    ['@mention', '\\@mention'],
    ['# not a heading', '\\# not a heading'],
    ['Plain words', 'Plain words'],
  ])('%j -> %j', (input, output) => expect(escapeMarkdown(input)).toBe(output));
});

describe('safeUrl', () => {
  it.each([
    ['https://example.com/a?b=c', 'https://example.com/a?b=c'],
    ['mailto:sa@example.com', 'mailto:sa@example.com'],
    ['javascript:alert(1)', undefined],
    ['JAVASCRIPT:alert(1)', undefined],
    ['data:text/html,<script>', undefined],
    ['https://example.com/"><script>', undefined],
  ])('%j -> %j', (input, output) => expect(safeUrl(input)).toBe(output));
});
