/** Output (src/cli/render.ts): when to colour, the reporter's streams, and how issues are printed. */
import { describe, expect, it } from 'vitest';
import { colorEnabled, createReporter, renderIssues, type OutStream } from '../../../src/cli/render.js';
import type { Issue } from '../../../src/domain/issue.js';

const plain = {
  red: (s: string) => s,
  yellow: (s: string) => s,
  green: (s: string) => s,
  cyan: (s: string) => s,
  dim: (s: string) => s,
  bold: (s: string) => s,
};
const tty: OutStream = { write: () => true, isTTY: true };
const pipe: OutStream = { write: () => true, isTTY: false };

describe('colorEnabled', () => {
  it.each<[string, Record<string, string | undefined>, boolean | undefined, OutStream, boolean]>([
    ['a terminal', {}, undefined, tty, true],
    ['a terminal, --color default (true)', {}, true, tty, true],
    ['a pipe', {}, undefined, pipe, false],
    ['a stream without isTTY', {}, undefined, { write: () => true }, false],
    ['--no-color on a terminal', {}, false, tty, false],
    ['--no-color beats FORCE_COLOR', { FORCE_COLOR: '1' }, false, tty, false],
    ['NO_COLOR=1 on a terminal', { NO_COLOR: '1' }, undefined, tty, false],
    ['NO_COLOR=0 (any value) on a terminal', { NO_COLOR: '0' }, undefined, tty, false],
    ['NO_COLOR empty is ignored (no-color.org)', { NO_COLOR: '' }, undefined, tty, true],
    ['NO_COLOR beats FORCE_COLOR', { NO_COLOR: '1', FORCE_COLOR: '1' }, undefined, tty, false],
    ['FORCE_COLOR=1 on a pipe', { FORCE_COLOR: '1' }, undefined, pipe, true],
    ['FORCE_COLOR=3 on a pipe', { FORCE_COLOR: '3' }, undefined, pipe, true],
    ['FORCE_COLOR empty on a pipe', { FORCE_COLOR: '' }, undefined, pipe, true],
    ['FORCE_COLOR=0 on a terminal', { FORCE_COLOR: '0' }, undefined, tty, false],
    ['FORCE_COLOR=false on a terminal', { FORCE_COLOR: 'false' }, undefined, tty, false],
    ['TERM=dumb on a terminal', { TERM: 'dumb' }, undefined, tty, false],
    ['TERM=xterm on a terminal', { TERM: 'xterm-256color' }, undefined, tty, true],
  ])('%s -> %s', (_, env, flag, stream, on) => {
    expect(colorEnabled(env, flag, stream)).toBe(on);
  });
});

describe('createReporter', () => {
  function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return {
      io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } },
      out,
      err,
    };
  }

  it('text mode: results on stdout (one line each), notes and warnings on stderr, no JSON', async () => {
    const { io, out, err } = capture();
    const r = await createReporter(io, { json: false, color: false });
    r.result('added sh-4');
    r.result('done\n');
    r.info('note');
    r.warn('careful');
    r.data({ a: 1 });
    expect(out).toEqual(['added sh-4\n', 'done\n']);
    expect(err).toEqual(['note\n', 'warning: careful\n']);
    expect(r.json).toBe(false);
  });

  it('--json: stdout holds the JSON document alone', async () => {
    const { io, out, err } = capture();
    const r = await createReporter(io, { json: true, color: false });
    r.result('added sh-4');
    r.data({ id: 'sh-4', issues: [] });
    r.info('note');
    expect(out).toEqual(['{\n  "id": "sh-4",\n  "issues": []\n}\n']);
    expect(JSON.parse(out.join(''))).toEqual({ id: 'sh-4', issues: [] });
    expect(err).toEqual(['note\n']);
  });

  it('colour: ANSI styles only when on', async () => {
    const { io } = capture();
    const on = await createReporter(io, { json: false, color: true });
    const off = await createReporter(io, { json: false, color: false });
    expect(on.style.red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(off.style.red('x')).toBe('x');
  });
});

describe('renderIssues: file:line:col: severity message [code] (at /pointer), the line with a caret, the fix', () => {
  const text = ['schema_version: 1', 'meta:', '  status: done', '  plan_end: "2027-02-30"\r', ''].join('\n');
  const issue = (over: Partial<Issue>): Issue => ({
    code: 'schema-enum',
    severity: 'error',
    file: 'acme/success_plan/csp.yaml',
    path: '/meta/status',
    line: 3,
    col: 11,
    message: 'status must be one of: draft, pending_review, approved, active (found "done")',
    hint: 'use one of the listed values',
    ...over,
  });

  it('an error with its source line, a caret under the column, and the fix', () => {
    expect(renderIssues([issue({})], plain, () => text).split('\n')).toEqual([
      'acme/success_plan/csp.yaml:3:11: error status must be one of: draft, pending_review, approved, active (found "done") [schema-enum] (at /meta/status)',
      '    3 |   status: done',
      '      |           ^',
      '  fix: use one of the listed values',
    ]);
  });

  it.each<[string, Partial<Issue>, string[]]>([
    [
      'a warning',
      { severity: 'warning', code: 'contingency-buffer', line: 1, col: 1, hint: undefined },
      [
        'acme/success_plan/csp.yaml:1:1: warning status must be one of: draft, pending_review, approved, active (found "done") [contingency-buffer] (at /meta/status)',
        '    1 | schema_version: 1',
        '      | ^',
      ],
    ],
    [
      'a gap (info): no excerpt',
      {
        severity: 'info',
        code: 'gate-risks',
        message: 'no risks documented (needed before finalize)',
        hint: 'csp add risk acme ...',
      },
      [
        'acme/success_plan/csp.yaml:3:11: gap no risks documented (needed before finalize) [gate-risks] (at /meta/status)',
        '  fix: csp add risk acme ...',
      ],
    ],
    [
      'no position: the file only',
      { line: undefined, col: undefined, hint: undefined },
      [
        'acme/success_plan/csp.yaml: error status must be one of: draft, pending_review, approved, active (found "done") [schema-enum] (at /meta/status)',
      ],
    ],
    [
      'no column: column 1',
      { col: undefined, hint: undefined },
      [
        'acme/success_plan/csp.yaml:3:1: error status must be one of: draft, pending_review, approved, active (found "done") [schema-enum] (at /meta/status)',
        '    3 |   status: done',
        '      | ^',
      ],
    ],
    [
      'the whole document: no pointer',
      { path: '', hint: undefined, line: 1, col: 1 },
      [
        'acme/success_plan/csp.yaml:1:1: error status must be one of: draft, pending_review, approved, active (found "done") [schema-enum]',
        '    1 | schema_version: 1',
        '      | ^',
      ],
    ],
    [
      'a CRLF line: the \\r is not printed',
      { line: 4, col: 13, hint: undefined },
      [
        'acme/success_plan/csp.yaml:4:13: error status must be one of: draft, pending_review, approved, active (found "done") [schema-enum] (at /meta/status)',
        '    4 |   plan_end: "2027-02-30"',
        '      |             ^',
      ],
    ],
    [
      'a line past the end: no excerpt',
      { line: 40, hint: undefined },
      [
        'acme/success_plan/csp.yaml:40:11: error status must be one of: draft, pending_review, approved, active (found "done") [schema-enum] (at /meta/status)',
      ],
    ],
  ])('%s', (_, over, lines) => {
    expect(renderIssues([issue(over)], plain, () => text).split('\n')).toEqual(lines);
  });

  it('without the text: no excerpt', () => {
    expect(renderIssues([issue({ hint: undefined })], plain).split('\n')).toHaveLength(1);
    expect(renderIssues([issue({ hint: undefined })], plain, () => undefined).split('\n')).toHaveLength(1);
  });

  it('cuts a long source line at 160 characters', () => {
    const long = 'x: ' + 'y'.repeat(300);
    const [, excerpt] = renderIssues([issue({ line: 1, col: 1, hint: undefined })], plain, () => long).split('\n');
    expect(excerpt).toBe('    1 | ' + long.slice(0, 160));
  });

  it('reads each file once, for several issues', () => {
    const reads: string[] = [];
    const out = renderIssues(
      [issue({}), issue({ line: 4, col: 3 }), issue({ file: 'b.yaml', line: 1 })],
      plain,
      (f) => (reads.push(f), text),
    );
    expect(reads).toEqual(['acme/success_plan/csp.yaml', 'b.yaml']);
    expect(out.split('\n').filter((l) => l.includes(': error '))).toHaveLength(3);
  });

  it('is empty for no issues', () => {
    expect(renderIssues([], plain)).toBe('');
  });
});
