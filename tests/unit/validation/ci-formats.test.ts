import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../src/domain/issue.js';
import {
  codeQuality,
  escapeGithubData,
  escapeGithubProperty,
  githubAnnotations,
  junitXml,
  type CiReport,
} from '../../../src/validation/ci-formats.js';

const issue = (over: Partial<Issue>): Issue => ({
  code: 'schema-required',
  severity: 'error',
  file: 'infohub/acme/success_plan/csp.yaml',
  path: '/milestones/0',
  line: 12,
  col: 7,
  message: 'milestone needs due',
  hint: 'add due: YYYY-MM-DD',
  ...over,
});

const report = (issues: Issue[], extra: Partial<CiReport> = {}): CiReport => ({
  documents: [
    {
      file: 'infohub/acme/success_plan/csp.yaml',
      account: 'acme',
      kind: 'csp',
      issues: issues.filter((i) => i.file === 'infohub/acme/success_plan/csp.yaml'),
    },
    {
      file: 'infohub/acme/risk_register.yaml',
      account: 'acme',
      kind: 'risk_register',
      issues: issues.filter((i) => i.file === 'infohub/acme/risk_register.yaml'),
    },
    { file: 'infohub/.csp.yaml', kind: 'config', issues: [] },
  ],
  other: [],
  strict: false,
  ...extra,
});

/** Undoes GitHub's workflow-command escaping (what the runner does). */
const unescapeWorkflow = (s: string) =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');

/** Parses `::cmd k=v,k=v::message` as GitHub's runner does: properties split on ',' then the first '='. */
function parseCommand(line: string): { command: string; props: Record<string, string>; message: string } {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const props: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    props[pair.slice(0, eq)] = unescapeWorkflow(pair.slice(eq + 1));
  }
  return { command: m[1]!, props, message: unescapeWorkflow(m[3]!) };
}

describe('GitHub annotations', () => {
  it.each([
    ['100%', '100%25'],
    ['a\r\nb', 'a%0D%0Ab'],
    ['%0A literal', '%250A literal'],
  ])('escapes the message %j as the toolkit does', (text, escaped) => {
    expect(escapeGithubData(text)).toBe(escaped);
    expect(unescapeWorkflow(escapeGithubData(text))).toBe(text);
  });

  it.each([
    ['a,b:c', 'a%2Cb%3Ac'],
    ['50%, then\nmore', '50%25%2C then%0Amore'],
    ['C:\\hub\\x.yaml', 'C%3A\\hub\\x.yaml'],
  ])('escapes the property %j (also : and ,)', (text, escaped) => {
    expect(escapeGithubProperty(text)).toBe(escaped);
    expect(unescapeWorkflow(escapeGithubProperty(text))).toBe(text);
  });

  it('writes one ::error / ::warning per problem at file, line and col, the fix on the second line; gaps are left out', () => {
    const out = githubAnnotations(
      report([
        issue({}),
        issue({
          file: 'infohub/acme/risk_register.yaml',
          severity: 'warning',
          code: 'risk-red-unmitigated',
          line: 3,
          col: 1,
          message: 'review it: 40% late, see "x"',
          hint: undefined,
        }),
        issue({ severity: 'info', code: 'gate-risks' }),
      ]),
    );
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const [error, warning] = lines.slice(0, 2).map(parseCommand);
    expect(error).toEqual({
      command: 'error',
      props: { file: 'infohub/acme/success_plan/csp.yaml', line: '12', col: '7', title: 'csp schema-required' },
      message: 'milestone needs due\nfix: add due: YYYY-MM-DD',
    });
    expect(warning).toEqual({
      command: 'warning',
      props: { file: 'infohub/acme/risk_register.yaml', line: '3', col: '1', title: 'csp risk-red-unmitigated' },
      message: 'review it: 40% late, see "x"',
    });
    expect(lines[2]).toBe('csp validate: 3 files checked, 1 error, 1 warning');
  });

  it('keeps a file name with a comma, a colon or a newline in one property, and leaves out line/col when unknown', () => {
    const file = 'infohub/a,b:c\nd/risk_register.yaml';
    const out = githubAnnotations({
      documents: [{ file, kind: 'risk_register', issues: [issue({ file, line: undefined, col: undefined })] }],
      other: [],
      strict: false,
    });
    const first = out.split('\n')[0]!;
    expect(first).not.toMatch(/\n/);
    const parsed = parseCommand(first);
    expect(parsed.props).toEqual({ file, title: 'csp schema-required' });
  });
});

/** A minimal XML well-formedness check: tags nest, attribute values and text hold no raw < or stray &. */
function checkXml(
  xml: string,
): Array<{ name: string; attrs: Record<string, string>; text: string; children: unknown[] }> {
  const decode = (s: string) => {
    expect(s).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
    return s
      .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  };
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  const body = xml.slice(xml.indexOf('?>') + 2);
  const stack: Array<{ name: string; attrs: Record<string, string>; text: string; children: any[] }> = [
    { name: '#root', attrs: {}, text: '', children: [] },
  ];
  const re = /<(\/?)([\w.-]+)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < body.length && (m = re.exec(body))) {
    at = re.lastIndex;
    if (m[5] !== undefined) {
      stack[stack.length - 1]!.text += decode(m[5]);
      continue;
    }
    if (m[1]) {
      const top = stack.pop()!;
      expect(top.name).toBe(m[2]);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of m[3]!.matchAll(/([\w.-]+)="([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    const el = { name: m[2]!, attrs, text: '', children: [] };
    stack[stack.length - 1]!.children.push(el);
    if (!m[4]) stack.push(el);
  }
  expect(at).toBe(body.length);
  expect(stack).toHaveLength(1);
  return stack[0]!.children;
}

describe('JUnit XML', () => {
  it('has a suite per account and a test case per document; a failing document names every error at file:line:col', () => {
    const xml = junitXml(
      report([
        issue({}),
        issue({ line: 30, col: 3, code: 'owner-unknown', message: 'owner <unknown> & "missing"' }),
        issue({ file: 'infohub/acme/risk_register.yaml', severity: 'warning', code: 'risk-red-unmitigated', line: 4 }),
      ]),
    );
    const [root] = checkXml(xml) as any[];
    expect(root.name).toBe('testsuites');
    expect(root.attrs).toMatchObject({ tests: '3', failures: '1' });
    const suites = root.children.map((s: any) => [s.attrs.name, s.attrs.tests, s.attrs.failures]);
    expect(suites).toEqual([
      ['acme', '2', '1'],
      ['infohub', '1', '0'],
    ]);
    const [plan, register] = root.children[0].children;
    expect(plan.attrs).toMatchObject({
      name: 'infohub/acme/success_plan/csp.yaml',
      file: 'infohub/acme/success_plan/csp.yaml',
      classname: 'csp.acme',
    });
    const failure = plan.children.find((c: any) => c.name === 'failure');
    expect(failure.attrs.type).toBe('schema-required');
    expect(failure.attrs.message).toContain('infohub/acme/success_plan/csp.yaml:12:7');
    expect(failure.text).toContain(
      'infohub/acme/success_plan/csp.yaml:12:7: error milestone needs due [schema-required]',
    );
    expect(failure.text).toContain(
      'infohub/acme/success_plan/csp.yaml:30:3: error owner <unknown> & "missing" [owner-unknown]',
    );
    // A warning is not a failure (without --strict); it is in the case's output.
    expect(register.children.map((c: any) => c.name)).toEqual(['system-out']);
    expect(register.children[0].text).toContain('infohub/acme/risk_register.yaml:4:7: warning');
  });

  it('with --strict a warning fails its document; control characters in a message stay well-formed', () => {
    const xml = junitXml(
      report(
        [
          issue({
            file: 'infohub/acme/risk_register.yaml',
            severity: 'warning',
            code: 'risk-red-unmitigated',
            message: 'bad\u0001byte\u001b[0m',
          }),
        ],
        { strict: true },
      ),
    );
    const [root] = checkXml(xml) as any[];
    expect(root.attrs.failures).toBe('1');
    const register = root.children[0].children[1];
    expect(register.children[0].name).toBe('failure');
    expect(register.children[0].text).toContain('bad\uFFFDbyte\uFFFD[0m');
  });

  it('an empty check is still a valid report', () => {
    const [root] = checkXml(junitXml({ documents: [], other: [], strict: false })) as any[];
    expect(root.attrs).toMatchObject({ tests: '0', failures: '0' });
  });
});

describe('GitLab code quality', () => {
  it('lists errors (major) and warnings (minor) with description, check_name, path and begin line', () => {
    const out = codeQuality(
      report([
        issue({}),
        issue({
          file: 'infohub/acme/risk_register.yaml',
          severity: 'warning',
          code: 'risk-red-unmitigated',
          line: 3,
          hint: undefined,
        }),
        issue({ severity: 'info' }),
      ]),
    );
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({
      type: 'issue',
      description: 'milestone needs due (fix: add due: YYYY-MM-DD)',
      check_name: 'schema-required',
      severity: 'major',
      location: { path: 'infohub/acme/success_plan/csp.yaml', lines: { begin: 12 } },
    });
    expect(out[1]).toMatchObject({
      check_name: 'risk-red-unmitigated',
      severity: 'minor',
      location: { path: 'infohub/acme/risk_register.yaml', lines: { begin: 3 } },
    });
    for (const entry of out) expect(entry.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('fingerprints are stable across runs and line moves, and unique when the same problem occurs twice', () => {
    const a = codeQuality(report([issue({}), issue({ line: 40 })]));
    const b = codeQuality(report([issue({ line: 20 }), issue({ line: 50 })]));
    expect(a.map((e) => e.fingerprint)).toEqual(b.map((e) => e.fingerprint));
    expect(new Set(a.map((e) => e.fingerprint)).size).toBe(2);
    const other = codeQuality(report([issue({ message: 'milestone needs an owner' })]));
    expect(other[0]!.fingerprint).not.toBe(a[0]!.fingerprint);
  });

  it('a file-level problem begins at line 1', () => {
    expect(codeQuality(report([issue({ line: undefined, col: undefined })]))[0]!.location.lines.begin).toBe(1);
  });
});
