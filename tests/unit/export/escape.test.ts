import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, markdownParagraphs, mermaidLabel } from '../../../src/export/escape.js';
import { html, raw } from '../../../src/export/html-template.js';

describe('escapeHtml', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`" onmouseover='x'`, '&quot; onmouseover=&#39;x&#39;'],
    ['AT&T &amp;', 'AT&amp;T &amp;amp;'],
    [42, '42'],
    [undefined, ''],
  ])('%j -> %j', (input, expected) => expect(escapeHtml(input)).toBe(expected));
});

describe('the html template', () => {
  it('escapes every interpolated value unless it is a fragment', () => {
    const value = '<img src=x onerror=alert(1)>';
    expect(html`<p title="${value}">${value}${html`<b>${value}</b>`}${[value, raw('<br>')]}</p>`.html).toBe(
      '<p title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;<b>&lt;img src=x onerror=alert(1)&gt;</b>&lt;img src=x onerror=alert(1)&gt;<br></p>',
    );
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['[click](javascript:alert(1))', '\\[click\\](javascript:alert(1))'],
    ['![x](http://evil.example/pixel.png)', '!\\[x\\](http://evil.example/pixel.png)'],
    ['# Not a heading', '\\# Not a heading'],
    ['- not a list', '\\- not a list'],
    ['1. not a list', '1\\. not a list'],
    ['---', '\\---'],
    ['0.5 days', '0.5 days'],
    ['-5% churn', '\\-5% churn'], // a leading minus is escaped (a formula when pasted into a spreadsheet) and still shows as -5%
    ['a | b', 'a \\| b'],
    ['*bold* _it_ `code` ~~s~~', '\\*bold\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~'],
    ['&lt;b&gt;', '&amp;lt;b&amp;gt;'],
    ['line one\nline two', 'line one line two'],
    ['back\\slash', 'back\\\\slash'],
  ])('%j -> %j', (input, expected) => expect(escapeMarkdown(input)).toBe(expected));

  it('keeps paragraphs and line breaks of multi-line text, escaping each line', () => {
    expect(markdownParagraphs('# one\ntwo\n\n\n- three')).toBe('\\# one  \ntwo\n\n\\- three');
  });
});

describe('mermaidLabel', () => {
  it.each([
    ['Kickoff held', 'Kickoff held'],
    ['Go-live: phase 2', 'Go-live - phase 2'],
    ['a;b#c%%d', 'a,b＃c％％d'],
    ['a%b 50%', 'a％b 50％'],
    ['<script>x</script>', '‹script›x‹/script›'],
    ['```\nfence', "''' fence"],
    ['section 2 review', '“section 2 review”'],
    ['2026-12-01 go-live', '“2026-12-01 go-live”'],
    ['click here', '“click here”'],
    ['   ', '(untitled)'],
  ])('%j -> %j', (input, expected) => expect(mermaidLabel(input)).toBe(expected));

  it('shortens long labels', () => {
    expect(mermaidLabel('x'.repeat(200), 20)).toBe(`${'x'.repeat(19)}…`);
  });
});

describe('escapeMarkdown defuses spreadsheet formulas and markup (issue 8: hostile input)', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "\\=cmd\\|' /C calc'!A0"],
    ['+1+cmd', '\\+1+cmd'],
    ['-2+3+cmd', '\\-2+3+cmd'],
    ['@SUM(1+1)*cmd', '\\@SUM(1+1)\\*cmd'],
    ['=HYPERLINK("http://evil.example","x")', '\\=HYPERLINK("http://evil.example","x")'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['a = b', 'a = b'],
    ['Plain words', 'Plain words'],
  ])('%j -> %j', (input, output) => expect(escapeMarkdown(input)).toBe(output));

  it('defuses every line of a multi-line text', () => {
    expect(markdownParagraphs('intro\n=cmd|x')).toBe('intro  \n\\=cmd\\|x');
  });
});
