/**
 * The fast read path (src/yaml/read.ts): caps and messages for hostile or broken input, and a
 * differential check that it reads the same data as the `yaml` package that every edit uses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import {
  DEFAULT_LIMITS,
  findConflictMarkers,
  parseYamlFast,
  precheck,
  type YamlLimits,
} from '../../../src/yaml/read.js';
import { validateText } from '../../../src/validation/file.js';
import { REPO_ROOT } from '../helpers/plans.js';
import { HAND_FORMATTED } from './helpers.js';

const limits = (over: Partial<YamlLimits>): YamlLimits => ({ ...DEFAULT_LIMITS, ...over });

/** A "billion laughs" document: `levels` anchors, each a list of `width` aliases of the one before. */
function aliasBomb(levels: number, width: number): string {
  const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(width)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n') + '\n';
}

/** A mapping nested `depth` levels deep in block style. */
function deepBlock(depth: number): string {
  return Array.from({ length: depth }, (_, i) => ' '.repeat(i * 2) + 'k:').join('\n') + ' 1\n';
}

describe('parseYamlFast: errors with line, column and a fix', () => {
  it.each([
    [
      'an unclosed flow sequence',
      'a: 1\nb: [1, 2\nc: 3\n',
      'yaml-syntax',
      3,
      1,
      /^YAML syntax error: /,
      /check indentation and quoting/,
    ],
    [
      'a key indented under a scalar',
      'a: 1\n  b: 2\n',
      'yaml-syntax',
      2,
      4,
      /bad indentation/,
      /check indentation and quoting/,
    ],
    [
      'an unclosed quote',
      'a: "open\nb: 2\n',
      'yaml-syntax',
      3,
      1,
      /^YAML syntax error: /,
      /check indentation and quoting/,
    ],
    [
      'a duplicate top-level key (at the second one)',
      'a: 1\nb: 2\na: 3\n',
      'yaml-duplicate-key',
      3,
      1,
      /^a key appears twice in the same mapping$/,
      /remove or rename one of the two keys/,
    ],
    [
      'a duplicate nested key (at the second one)',
      'm:\n  x: 1\n  y: 0\n  x: 2\n',
      'yaml-duplicate-key',
      4,
      3,
      /^a key appears twice/,
      /remove or rename/,
    ],
    ['a tab in the indentation', 'a:\n\tb: 1\n', 'yaml-syntax', 2, 1, /tab/, /^indent with spaces, not tabs$/],
  ])('%s', (_, text, code, line, col, message, hint) => {
    const { data, issues } = parseYamlFast(text);
    expect(data).toBeUndefined();
    expect(issues).toEqual([
      {
        code,
        severity: 'error',
        path: '',
        line,
        col,
        message: expect.stringMatching(message),
        hint: expect.stringMatching(hint),
      },
    ]);
  });

  it.each([
    ['a tab inside a value', 'a: \tb\n', { a: 'b' }],
    ['a BOM', '\uFEFFa: 1\nb: x\n', { a: 1, b: 'x' }],
    ['CRLF line ends', 'a: 1\r\nb: "2026-01-01"\r\nc: x\r\n', { a: 1, b: '2026-01-01', c: 'x' }],
    ['a BOM and CRLF', '\uFEFFa: 1\r\nb: [x, y]\r\n', { a: 1, b: ['x', 'y'] }],
    [
      'bare dates (strings, CORE schema)',
      'd: 2026-01-01\nt: 2026-01-01T10:00:00Z\n',
      { d: '2026-01-01', t: '2026-01-01T10:00:00Z' },
    ],
    ['YAML 1.1 booleans (strings)', 'a: yes\nb: no\nc: on\nd: true\n', { a: 'yes', b: 'no', c: 'on', d: true }],
    ['null spellings', 'a: ~\nb: null\nc:\n', { a: null, b: null, c: null }],
    ['an explicit document start', '---\na: 1\n', { a: 1 }],
    ['a document end marker', 'a: 1\n...\n', { a: 1 }],
    ['a few aliases (under the cap)', 'a: &x { k: 1 }\nb: *x\nc: *x\n', { a: { k: 1 }, b: { k: 1 }, c: { k: 1 } }],
  ])('reads %s', (_, text, data) => {
    expect(parseYamlFast(text)).toEqual({ data, issues: [] });
  });

  it('reads an empty file as no data; validation says the file is empty and how to start one', async () => {
    expect(parseYamlFast('')).toEqual({ data: undefined, issues: [] });
    expect(parseYamlFast('# only a comment\n')).toEqual({ data: null, issues: [] });
    const { issues } = await validateText('csp.yaml', '', 'csp');
    expect(issues.map((i) => [i.code, i.line, i.col, i.message])).toEqual([
      ['empty-document', 1, 1, 'the file is empty'],
    ]);
    expect(issues[0].hint).toContain('csp init');
  });

  it('refuses a file with several documents', () => {
    const { data, issues } = parseYamlFast('a: 1\n---\nb: 2\n');
    expect(data).toBeUndefined();
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'yaml-syntax',
        severity: 'error',
        message: expect.stringMatching(/single document/),
      }),
    ]);
  });
});

describe('parseYamlFast: conflict markers', () => {
  const conflict = ['a: 1', '<<<<<<< HEAD', 'b: 2', '=======', 'b: 3', '>>>>>>> feature/x', 'c: 4', ''].join('\n');

  it('lists every marker line, before any parser sees the text', () => {
    expect(parseYamlFast(conflict)).toEqual({
      data: undefined,
      issues: [
        {
          code: 'git-conflict-markers',
          severity: 'error',
          path: '',
          line: 2,
          col: 1,
          message: 'unresolved git merge conflict markers on lines 2, 4, 6',
          hint: expect.stringContaining('resolve the conflict'),
        },
      ],
    });
  });

  it.each([
    ['the three markers', conflict, [2, 4, 6]],
    [
      'a diff3 base marker',
      'a: 1\n<<<<<<< ours\nb: 1\n||||||| base\nb: 0\n=======\nb: 2\n>>>>>>> theirs\n',
      [2, 4, 6, 8],
    ],
    ['a marker on the last line without a newline', 'a: 1\n>>>>>>>', [2]],
    ['CRLF text', 'a: 1\r\n<<<<<<< HEAD\r\nb: 2\r\n=======\r\nb: 3\r\n>>>>>>> x\r\n', [2, 4, 6]],
    ['no markers: seven = inside a value', 'a: "======="\nb: x =======\n', []],
    ['no markers: eight < at the start', '<<<<<<<< x\n', []],
    ['no markers: an indented marker (block scalar text)', 'a: |\n  =======\n', []],
  ])('findConflictMarkers: %s', (_, text, lines) => {
    expect(findConflictMarkers(text)).toEqual(lines);
  });

  it('says "line" for a single marker', () => {
    expect(parseYamlFast('a: 1\nb: 2\n=======\n').issues[0].message).toBe(
      'unresolved git merge conflict markers on line 3',
    );
  });
});

describe('parseYamlFast: caps on hostile input', () => {
  // NOTE: "returns quickly" is the test timeout: js-yaml shares aliased objects, so without the
  // cap a validator walking the expanded data would never finish.
  it.each([
    ['9 levels x 9 (387 million values)', aliasBomb(9, 9)],
    ['20 levels x 10', aliasBomb(20, 10)],
  ])('stops a billion-laughs alias bomb: %s', (_, text) => {
    const { data, issues } = parseYamlFast(text);
    expect(data).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(['yaml-too-many-aliases', 'yaml-too-large']).toContain(issues[0].code);
    expect(issues[0]).toMatchObject({
      severity: 'error',
      line: 1,
      col: 1,
      hint: expect.stringContaining('anchors and aliases'),
    });
  });

  it.each([
    [
      'alias uses over maxAliases',
      'a: &x [1]\nb: *x\nc: *x\nd: *x\n',
      { maxAliases: 2 },
      'yaml-too-many-aliases',
      'the document is more than 2 alias uses (*name)',
    ],
    [
      'values over maxNodes',
      'a: [1, 2, 3, 4, 5]\n',
      { maxNodes: 4 },
      'yaml-too-large',
      'the document is more than 4 values once aliases are expanded (an alias bomb?)',
    ],
    [
      'block nesting over maxDepth',
      deepBlock(80),
      {},
      'yaml-too-deep',
      'the document is nested more than 64 levels deep',
    ],
    [
      'flow nesting over maxDepth',
      'a: ' + '['.repeat(70) + ']'.repeat(70),
      {},
      'yaml-too-deep',
      'the document is nested more than 64 levels deep',
    ],
    [
      'nesting over a small maxDepth',
      'a: { b: { c: { d: 1 } } }\n',
      { maxDepth: 2 },
      'yaml-too-deep',
      'the document is nested more than 2 levels deep',
    ],
  ])('refuses %s', (_, text, over, code, message) => {
    expect(parseYamlFast(text, limits(over))).toEqual({
      data: undefined,
      issues: [expect.objectContaining({ code, severity: 'error', line: 1, col: 1, message })],
    });
  });

  it.each([
    ['nesting at maxDepth', 'a: { b: { c: 1 } }\n', { maxDepth: 2 }],
    ['alias uses at maxAliases', 'a: &x [1]\nb: *x\nc: *x\n', { maxAliases: 2 }],
    ['a plan-sized file', HAND_FORMATTED, {}],
  ])('accepts %s', (_, text, over) => {
    expect(parseYamlFast(text, limits(over)).issues).toEqual([]);
  });

  it('refuses a file over the size cap before parsing it, with the setting to raise', () => {
    const text = 'a: ' + 'x'.repeat(2045) + '\n';
    expect(text.length).toBe(2049);
    expect(parseYamlFast(text, limits({ maxBytes: 2048 }))).toEqual({
      data: undefined,
      issues: [
        {
          code: 'yaml-too-large',
          severity: 'error',
          path: '',
          line: 1,
          col: 1,
          message: 'the file is larger than 2 KB',
          hint: expect.stringContaining('max_file_bytes in .csp.yaml'),
        },
      ],
    });
    expect(parseYamlFast(text.slice(0, 2048), limits({ maxBytes: 2048 })).issues).toEqual([]);
  });

  it('precheck refuses an unparseable text that is also too large by size first', () => {
    expect(precheck('<<<<<<< x\n' + 'y'.repeat(100), limits({ maxBytes: 50 }))?.code).toBe('yaml-too-large');
    expect(precheck('a: 1\n', DEFAULT_LIMITS)).toBeNull();
  });

  it('has the documented default limits: 5 MB, 200,000 values, 64 levels, 100 aliases', () => {
    expect(DEFAULT_LIMITS).toEqual({ maxBytes: 5 * 1024 * 1024, maxNodes: 200_000, maxDepth: 64, maxAliases: 100 });
  });
});

describe('differential: the js-yaml read path and the yaml package read the same data', () => {
  function yamlFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? yamlFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  }
  const files = [
    ...yamlFiles(join(REPO_ROOT, 'infohub-example')),
    join(REPO_ROOT, 'tests/fixtures/plans/hand-formatted.yaml'),
    ...yamlFiles(join(REPO_ROOT, 'playbooks')),
  ].map((f) => relative(REPO_ROOT, f));

  it('covers the example InfoHub (every account, history and tracker file)', () => {
    expect(files.filter((f) => f.startsWith('infohub-example/')).length).toBeGreaterThanOrEqual(20);
    expect(files).toContain('infohub-example/.csp.yaml');
  });

  it.each(files)('%s', (file) => {
    const text = readFileSync(join(REPO_ROOT, file), 'utf8');
    const fast = parseYamlFast(text);
    expect(fast.issues).toEqual([]);
    const doc = parseDocument(text, { uniqueKeys: true });
    expect(doc.errors).toEqual([]);
    expect(fast.data).toEqual(doc.toJS());
  });

  it.each([
    ['numbers', 'a: 012\nb: 0o17\nc: 0x1F\nd: 1e3\ne: .5\nf: .inf\ng: -.Inf\nh: 1.5e-3\ni: +12\nj: -1.\n'],
    ['strings that look like other types', 'a: "1"\nb: \'true\'\nc: yes\nd: 1_000\ne: 2026-01-01\nf: 12:30\n'],
    ['block scalars', 'a: >-\n  one\n  two\n\n  three\nb: |\n  x\n   y\n'],
    ['flow collections', 'a: { b: [1, { c: d }], e: [] }\nf: {}\n'],
    ['quoted escapes', "a: \"tab\\there \\u00e9\"\nb: 'it''s'\n"],
  ])('agrees on %s', (_, text) => {
    expect(parseYamlFast(text).data).toEqual(parseDocument(text).toJS());
  });
});
