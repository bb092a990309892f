/**
 * The hostile-input corpus (issue 8): broken, malicious and odd input, each with the command that
 * meets it, the exit code and the words the user must see, and (unless the input is accepted on
 * purpose) the proof that nothing changed: tests/e2e/hostile.test.ts hashes the repository and a
 * folder outside it before and after every case.
 *
 * Every case starts from the same InfoHub: a git repository with `infohub/acme`, a valid plan made
 * by `csp init acme` and committed, and an `outside/` folder beside the repository (the target of
 * the symlink cases; `$OUTSIDE` in a symlink target or argument stands for it, `$REPO` for the
 * repository). Add a case by adding an entry; see tests/hostile/README.md.
 */

/** How one file is set up before the command: text, raw bytes, a symbolic link, a folder, or an edit of its current text. */
export type FileSpec =
  | string
  | { bytes: number[] | Uint8Array }
  | { symlink: string }
  | { dir: true }
  | { edit: (text: string) => string }
  | { remove: true }
  | { mode: number };

/** What an accepted input must have produced (the command succeeded and changed files on purpose). */
export interface AcceptedCheck {
  /** A file of the repository (relative path) and what it must contain / not contain. */
  file: string;
  contains?: Array<string | RegExp>;
  lacks?: Array<string | RegExp>;
  /** The value at a dotted path of the file's data must equal this (checked after parsing). */
  value?: { path: string; equals: unknown };
}

/** One hostile input. */
export interface HostileCase {
  name: string;
  category: string;
  /** Files of the repository (relative paths) to set up. */
  files?: Record<string, FileSpec>;
  /** Files of the outside folder to set up. */
  outside?: Record<string, string>;
  /** csp's arguments ($OUTSIDE / $REPO are replaced). */
  args: string[];
  env?: Record<string, string>;
  code: number;
  /** Words the output (stdout + stderr) must contain. */
  says: string | RegExp;
  /** Words the output must not contain (a linked file's content, a raw terminal escape). */
  lacks?: Array<string | RegExp>;
  /** Set when the input is accepted on purpose: what the result must hold. Otherwise nothing may change. */
  accepted?: AcceptedCheck[];
  /** stdout must be exactly one JSON document (a --json run). */
  jsonStdout?: boolean;
}

import { BAD_DAY_CASES } from './corpus-bad-day.js';

const PLAN = 'infohub/acme/success_plan/csp.yaml';
const addRisk = (title: string, extra: string[] = []) => [
  'add',
  'risk',
  'acme',
  '--title',
  title,
  '--probability',
  'low',
  '--impact',
  'medium',
  '--mitigation',
  'Weekly check-in',
  '--owner',
  'Priya Natarajan',
  ...extra,
];

/** The billion-laughs alias bomb: 9 levels of 9 aliases. */
const ALIAS_BOMB =
  [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefghi'.split('').map(
      (c, i) =>
        `${c}: &${c} [${Array(9)
          .fill('*' + 'abcdefghi'[i])
          .join(',')}]`,
    ),
  ].join('\n') + '\n';

/** Broken plan texts: each is checked by `csp validate` (exit 1) and refused by `csp add` (exit 1). */
const BROKEN_PLANS: Array<{ name: string; text: FileSpec; says: string | RegExp; addSays?: string | RegExp }> = [
  {
    name: 'malformed YAML (an unclosed flow list)',
    text: 'schema_version: 1\nmeta: [unclosed\n',
    says: 'YAML syntax error',
  },
  { name: 'a duplicate key', text: { edit: (t) => t + '\nmeta:\n  account: acme\n' }, says: 'a key appears twice' },
  {
    name: 'tab indentation',
    text: 'schema_version: 1\nmeta:\n\taccount: acme\n',
    says: 'indent with spaces, not tabs',
  },
  { name: 'an alias bomb (billion laughs)', text: ALIAS_BOMB, says: /alias|values once aliases are expanded/ },
  {
    name: 'deep flow nesting (10,000 levels)',
    text: 'meta: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n',
    says: 'nested too deeply',
  },
  {
    name: 'deep block nesting (200 levels)',
    text: Array.from({ length: 200 }, (_, i) => ' '.repeat(i * 2) + `k${i}:`).join('\n') + ' x\n',
    says: 'nested too deeply',
  },
  {
    name: "nesting of 80 levels (under the parser limit, over csp's)",
    text: 'meta: ' + '['.repeat(80) + ']'.repeat(80) + '\n',
    says: 'nested more than 64 levels deep',
  },
  {
    name: 'git conflict markers',
    text: { edit: (t) => t.replace(/^meta:$/m, '<<<<<<< HEAD\nmeta:\n=======\nmeta:\n>>>>>>> theirs') },
    says: 'unresolved git merge conflict markers',
  },
  {
    name: 'non-UTF-8 bytes (Latin-1 é)',
    text: { bytes: [...Buffer.from('schema_version: 1\nmeta:\n  account_name: Caf'), 0xe9, 0x0a] },
    says: 'is not valid UTF-8 (bad byte at offset',
  },
  {
    name: 'an empty file',
    text: '',
    says: 'the file is empty',
    addSays: 'must be a YAML mapping of sections (found an empty document)',
  },
  {
    name: 'a bare scalar',
    text: 'just some text\n',
    says: 'document must be object',
    addSays: 'must be a YAML mapping of sections',
  },
  {
    name: 'a top-level list',
    text: '- a\n- b\n',
    says: 'document must be object (found a list)',
    addSays: 'must be a YAML mapping of sections (found a list)',
  },
  {
    name: 'a null document',
    text: '~\n',
    says: 'the document is null, not a mapping',
    addSays: 'must be a YAML mapping',
  },
  {
    name: 'meta as a string',
    text: { edit: (t) => t.replace(/^meta:\n( {2}.*\n)+/m, 'meta: hello\n') },
    says: 'meta must be object (found string "hello")',
  },
  {
    name: 'no meta section',
    text: { edit: (t) => t.replace(/^meta:\n( {2}.*\n)+/m, '') },
    says: 'missing required property "meta"',
  },
  {
    name: 'a JavaScript function tag',
    text: 'schema_version: 1\nmeta: !!js/function "function(){ return process.exit(9) }"\n',
    says: 'unknown tag',
  },
  {
    name: 'a Python object tag',
    text: 'schema_version: 1\nmeta: !!python/object/apply:os.system ["id"]\n',
    says: 'unknown tag',
  },
  {
    name: 'a second YAML document',
    text: { edit: (t) => t + '---\nmeta: {}\n' },
    says: /YAML syntax error|expected a single document/,
  },
];

/** Account names that must be refused (exit 2) before anything is touched. */
const BAD_SLUGS: Array<[string, string]> = [
  ['..', "contains '..'"],
  ['../outside', 'path separator'],
  ['acme/../../etc', 'path separator'],
  ['a\\b', 'path separator'],
  ['.hidden', 'may use only lower-case letters'],
  ['Acme', 'invalid account name "Acme"'],
  ['con', 'reserved name'],
  ['node_modules', 'reserved name'],
  ['com1', 'reserved name'],
  ['café', 'may use only lower-case letters'],
  ['acme\u202egnp', 'may use only lower-case letters'],
  ['a'.repeat(65), 'longer than 64 characters'],
  ['', 'empty'],
];

export const HOSTILE_CASES: HostileCase[] = [
  // ---- broken plan files --------------------------------------------------------------------
  ...BROKEN_PLANS.flatMap((b): HostileCase[] => [
    {
      name: `validate: ${b.name}`,
      category: 'broken YAML',
      files: { [PLAN]: b.text },
      args: ['validate'],
      code: 1,
      says: b.says,
    },
    {
      name: `add: ${b.name}`,
      category: 'broken YAML',
      files: { [PLAN]: b.text },
      args: addRisk('A risk'),
      code: 1,
      says: b.addSays ?? b.says,
    },
  ]),
  {
    name: 'validate --json on a broken plan prints one JSON document',
    category: 'broken YAML',
    files: { [PLAN]: 'meta: [\n' },
    args: ['validate', '--json'],
    code: 1,
    says: '"ok": false',
    jsonStdout: true,
  },
  {
    name: 'add --json on a broken plan prints one JSON document',
    category: 'broken YAML',
    files: { [PLAN]: 'meta: [\n' },
    args: [...addRisk('A risk'), '--json'],
    code: 1,
    says: '"code": "unreadable"',
    jsonStdout: true,
  },
  {
    name: 'snapshot of an unreadable plan',
    category: 'broken YAML',
    files: { [PLAN]: 'meta: [\n' },
    args: ['snapshot', 'acme'],
    code: 1,
    says: 'cannot be read: fix it first',
  },
  {
    name: 'develop on a plan with conflict markers',
    category: 'broken YAML',
    files: { [PLAN]: { edit: (t) => '<<<<<<< HEAD\n' + t + '=======\n>>>>>>> x\n' } },
    args: ['develop', 'acme'],
    code: 1,
    says: 'merge conflict markers',
  },
  {
    name: 'a 50 MB plan',
    category: 'size',
    files: { [PLAN]: { edit: (t) => t + '\nx-padding: "' + 'x'.repeat(50 * 1024 * 1024) + '"\n' } },
    args: ['validate'],
    code: 1,
    says: 'larger than the 5120 KB csp reads',
  },
  {
    name: 'add on a 50 MB plan',
    category: 'size',
    files: { [PLAN]: { edit: (t) => t + '\nx-padding: "' + 'x'.repeat(50 * 1024 * 1024) + '"\n' } },
    args: addRisk('A risk'),
    code: 1,
    says: 'larger than the 5120 KB csp reads',
  },
  {
    name: 'csp.yaml is a folder',
    category: 'broken YAML',
    files: { [PLAN]: { dir: true } },
    args: addRisk('A risk'),
    code: 3,
    says: 'is not a file',
  },

  // ---- wrong data -----------------------------------------------------------------------------
  {
    name: 'a wrong type (ARR as text)',
    category: 'wrong data',
    files: { [PLAN]: { edit: (t) => t.replace(/^( *)arr_usd: .*$/m, '$1arr_usd: lots') } },
    args: ['validate'],
    code: 1,
    says: 'arr_usd must be number',
  },
  {
    name: 'an unknown field',
    category: 'wrong data',
    files: { [PLAN]: { edit: (t) => t.replace(/^meta:$/m, 'meta:\n  colour: blue') } },
    args: ['validate'],
    code: 1,
    says: 'unknown property "colour"',
  },
  {
    name: 'an impossible date in the plan (2027-02-30)',
    category: 'wrong data',
    files: { [PLAN]: { edit: (t) => t.replace(/^( *)plan_end: .*$/m, '$1plan_end: "2027-02-30"') } },
    args: ['validate'],
    code: 1,
    says: 'plan_end must be a real calendar date',
  },
  {
    name: 'an impossible date in a flag (2027-02-30)',
    category: 'wrong data',
    args: [
      'add',
      'criterion',
      'acme',
      '--criterion',
      'c',
      '--baseline',
      '0',
      '--target',
      '1',
      '--measurement',
      'm',
      '--due',
      '2027-02-30',
    ],
    code: 2,
    says: '2027-02-30',
  },
  {
    name: 'a month 13 in a flag',
    category: 'wrong data',
    args: ['set', 'acme', 'meta.plan_end', '2027-13-01'],
    code: 2,
    says: '2027-13-01',
  },
  {
    name: 'a negative ARR',
    category: 'wrong data',
    args: ['init', 'beta', '--name', 'Beta', '--owner', 'Priya', '--arr', '-5'],
    code: 2,
    says: '--arr',
  },
  {
    name: 'an ARR of 1e999',
    category: 'wrong data',
    args: ['init', 'beta', '--name', 'Beta', '--owner', 'Priya', '--arr', '1e999'],
    code: 2,
    says: '--arr',
  },
  {
    name: 'an ARR of NaN',
    category: 'wrong data',
    args: ['init', 'beta', '--name', 'Beta', '--owner', 'Priya', '--arr', 'NaN'],
    code: 2,
    says: '--arr',
  },
  {
    name: 'a relationship score of 101 (the plan would get an error)',
    category: 'wrong data',
    args: [
      'add',
      'stakeholder',
      'acme',
      '--name',
      'X',
      '--title',
      'Y',
      '--role',
      'champion',
      '--side',
      'customer',
      '--relationship-score',
      '101',
    ],
    code: 1,
    says: 'relationship_score must be <= 100 (found 101)',
  },
  {
    name: 'set of a field csp owns (meta.phase)',
    category: 'wrong data',
    args: ['set', 'acme', 'meta.phase', 'execute'],
    code: 2,
    says: 'cannot be set directly',
  },
  {
    name: 'set through __proto__',
    category: 'wrong data',
    args: ['set', 'acme', 'meta.__proto__', 'polluted'],
    code: 2,
    says: 'is not a field of the plan',
  },
  {
    name: 'set through constructor.prototype',
    category: 'wrong data',
    args: ['set', 'acme', 'customer_context.constructor.prototype', 'x'],
    code: 2,
    says: 'is not a field of the plan',
  },
  {
    name: 'set through a JSON pointer to __proto__',
    category: 'wrong data',
    args: ['set', 'acme', '/__proto__/polluted', 'x'],
    code: 2,
    says: 'is not a field of the plan',
  },

  // ---- account names ------------------------------------------------------------------------
  ...BAD_SLUGS.flatMap(([slug, says]): HostileCase[] => [
    {
      name: `init with account name ${JSON.stringify(slug)}`,
      category: 'account names',
      args: ['init', slug, '--name', 'Evil', '--owner', 'Priya'],
      code: 2,
      says,
    },
    {
      name: `add with account name ${JSON.stringify(slug)}`,
      category: 'account names',
      args: ['add', 'risk', slug, '--title', 't', '--probability', 'low', '--impact', 'low'],
      code: 2,
      says,
    },
  ]),
  {
    name: 'an account name that looks like a flag',
    category: 'account names',
    args: ['init', '-rf'],
    code: 2,
    says: "unknown option '-rf'",
  },
  {
    name: 'an unsafe folder in the InfoHub is skipped by validate',
    category: 'account names',
    files: { 'infohub/Bad Name/success_plan/csp.yaml': { edit: () => 'meta: [' } },
    args: ['validate'],
    code: 0,
    says: 'skipped Bad Name',
  },

  // ---- symbolic links out of the InfoHub --------------------------------------------------------
  {
    name: 'an account folder that is a symlink out of the InfoHub (add)',
    category: 'symlinks',
    outside: { 'evil/success_plan/csp.yaml': 'meta: {account: evil}\n' },
    files: { 'infohub/evil': { symlink: '$OUTSIDE/evil' } },
    args: addRisk('A risk').map((a) => (a === 'acme' ? 'evil' : a)),
    code: 3,
    says: 'leads outside the InfoHub',
  },
  {
    name: 'an account folder that is a symlink out of the InfoHub (validate skips it)',
    category: 'symlinks',
    outside: { 'evil/success_plan/csp.yaml': 'meta: {account: evil}\n' },
    files: { 'infohub/evil': { symlink: '$OUTSIDE/evil' } },
    args: ['validate'],
    code: 0,
    says: 'skipped evil: a symbolic link that leads outside the InfoHub',
  },
  {
    name: 'csp.yaml is a symlink out of the InfoHub',
    category: 'symlinks',
    outside: { 'plan.yaml': 'secret: data\n' },
    files: { [PLAN]: { symlink: '$OUTSIDE/plan.yaml' } },
    args: addRisk('A risk'),
    code: 3,
    says: 'leads outside the InfoHub',
  },
  {
    name: 'csp_history is a symlink out of the InfoHub (snapshot)',
    category: 'symlinks',
    outside: { 'history/keep.txt': 'x\n' },
    files: { 'infohub/acme/success_plan/csp_history': { symlink: '$OUTSIDE/history' } },
    args: ['snapshot', 'acme'],
    code: 3,
    says: 'leads outside the InfoHub',
  },
  {
    name: 'decision_log.yaml is a symlink out of the InfoHub',
    category: 'symlinks',
    outside: { 'log.yaml': 'schema_version: 1\naccount: acme\ndecisions: []\n' },
    files: { 'infohub/acme/decision_log.yaml': { symlink: '$OUTSIDE/log.yaml' } },
    args: ['add', 'decision', 'acme', '--decision', 'd', '--rationale', 'r'],
    code: 3,
    says: 'leads outside the InfoHub',
  },
  {
    name: '.csp is a symlink out of the InfoHub (init writes schema copies there)',
    category: 'symlinks',
    outside: { 'dotcsp/keep.txt': 'x\n' },
    files: { 'infohub/.csp': { symlink: '$OUTSIDE/dotcsp' } },
    args: ['init', 'beta', '--name', 'Beta', '--owner', 'Priya'],
    code: 3,
    says: 'leads outside the InfoHub',
  },
  {
    name: '.csp/locks is a symlink out of the InfoHub',
    category: 'symlinks',
    outside: { 'locks/keep.txt': 'x\n' },
    files: { 'infohub/.csp/locks': { symlink: '$OUTSIDE/locks' } },
    args: addRisk('A risk'),
    code: 3,
    says: 'leads outside the InfoHub',
  },
  {
    name: '.csp/journal is a symlink out of the InfoHub',
    category: 'symlinks',
    outside: { 'journal/keep.txt': 'x\n' },
    files: { 'infohub/.csp/journal': { symlink: '$OUTSIDE/journal' } },
    args: ['snapshot', 'acme'],
    code: 3,
    says: 'leads outside the InfoHub',
  },

  // ---- hostile journals (a repository can carry any file) ---------------------------------------
  {
    name: 'a committed journal that would write outside the InfoHub',
    category: 'journals',
    files: {
      'infohub/.csp/journal/acme.json': JSON.stringify({
        csp_journal: 1,
        account: 'acme',
        command: 'csp develop',
        pid: 1,
        started: '2026-01-01T00:00:00Z',
        files: [{ path: '../../outside/pwned.txt', before: null, after: 'pwned\n' }],
      }),
    },
    args: addRisk('A risk'),
    code: 3,
    says: "names a file outside the account's folder",
  },
  {
    name: "a committed journal that would write another account's plan",
    category: 'journals',
    files: {
      'infohub/.csp/journal/acme.json': JSON.stringify({
        csp_journal: 1,
        account: 'acme',
        command: 'csp develop',
        pid: 1,
        started: '2026-01-01T00:00:00Z',
        files: [{ path: 'other/success_plan/csp.yaml', before: null, after: 'x: 1\n' }],
      }),
    },
    args: ['repair'],
    code: 3,
    says: "names a file outside the account's folder",
  },
  {
    name: 'a journal that is not JSON',
    category: 'journals',
    files: { 'infohub/.csp/journal/acme.json': '{"csp_journal": 1, "acc' },
    args: ['validate'],
    code: 0,
    says: 'left a journal csp cannot use',
  },

  // ---- leftovers of killed writers ----------------------------------------------------------------
  {
    name: 'a half-written temp file is not validated as a document',
    category: 'leftovers',
    files: { 'infohub/acme/success_plan/.csp.yaml.csp-tmp-999999-1': 'meta: [half' },
    args: ['validate'],
    code: 0,
    says: '0 errors',
  },
  {
    name: 'a half-written temp file is not validated when its folder is named',
    category: 'leftovers',
    files: { 'infohub/acme/success_plan/.csp.yaml.csp-tmp-999999-1': 'meta: [half' },
    args: ['validate', 'infohub/acme'],
    code: 0,
    says: '0 errors',
  },
  {
    name: "the next write sweeps a dead process's temp file",
    category: 'leftovers',
    files: { 'infohub/acme/success_plan/.csp.yaml.csp-tmp-999999-1': 'meta: [half' },
    args: addRisk('After a crash'),
    code: 0,
    says: 'rk-1',
    accepted: [{ file: PLAN, value: { path: 'risks.0.title', equals: 'After a crash' } }],
  },

  // ---- configuration and environment -----------------------------------------------------------------
  {
    name: 'a malformed .csp.yaml',
    category: 'config',
    files: { 'infohub/.csp.yaml': 'default_plan_type: [\n' },
    args: addRisk('A risk'),
    code: 1,
    says: 'is not a valid csp configuration',
  },
  {
    name: 'an unknown setting in .csp.yaml',
    category: 'config',
    files: { 'infohub/.csp.yaml': 'lock_timout_ms: 5\n' },
    args: addRisk('A risk'),
    code: 1,
    says: 'unknown property "lock_timout_ms"',
  },
  {
    name: 'a negative lock timeout in .csp.yaml',
    category: 'config',
    files: { 'infohub/.csp.yaml': 'lock_timeout_ms: -1\n' },
    args: addRisk('A risk'),
    code: 1,
    says: 'lock_timeout_ms',
  },
  {
    name: 'CSP_NOW=2027-02-30',
    category: 'config',
    env: { CSP_NOW: '2027-02-30' },
    args: addRisk('A risk'),
    code: 2,
    says: 'CSP_NOW must be a date written YYYY-MM-DD',
  },
  {
    name: 'CSP_LOCK_TIMEOUT_MS=abc',
    category: 'config',
    env: { CSP_LOCK_TIMEOUT_MS: 'abc' },
    args: addRisk('A risk'),
    code: 2,
    says: 'CSP_LOCK_TIMEOUT_MS must be a non-negative number',
  },
  {
    name: 'CSP_INFOHUB pointing nowhere',
    category: 'config',
    env: { CSP_INFOHUB: '/nonexistent/infohub' },
    args: addRisk('A risk'),
    code: 3,
    says: 'does not exist',
  },

  // ---- secrets ----------------------------------------------------------------------------------
  {
    name: 'an Anthropic-shaped key as a field value',
    category: 'secrets',
    args: ['set', 'acme', 'customer_context.background', 'key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'],
    code: 2,
    says: 'holds an API key',
  },
  {
    name: "the environment's API key as a field value",
    category: 'secrets',
    env: { ANTHROPIC_API_KEY: 'test-key-0123456789abcdef' },
    args: addRisk('leak test-key-0123456789abcdef'),
    code: 2,
    says: 'holds an API key',
  },

  // ---- input that is accepted and kept exactly -----------------------------------------------------
  {
    name: 'a BOM file is accepted by validate',
    category: 'BOM and CRLF',
    files: { [PLAN]: { edit: (t) => '\uFEFF' + t } },
    args: ['validate', PLAN],
    code: 0,
    says: '0 errors',
  },
  {
    name: 'add keeps a BOM',
    category: 'BOM and CRLF',
    files: { [PLAN]: { edit: (t) => '\uFEFF' + t } },
    args: addRisk('BOM risk'),
    code: 0,
    says: 'rk-1',
    accepted: [
      { file: PLAN, contains: [/^\uFEFF# yaml-language-server/], value: { path: 'risks.0.title', equals: 'BOM risk' } },
    ],
  },
  {
    name: 'add keeps CRLF line ends',
    category: 'BOM and CRLF',
    files: { [PLAN]: { edit: (t) => t.replace(/\n/g, '\r\n') } },
    args: addRisk('CRLF risk'),
    code: 0,
    says: 'rk-1',
    accepted: [
      {
        file: PLAN,
        contains: ['title: CRLF risk\r\n'],
        lacks: [/[^\r]\n/],
        value: { path: 'risks.0.title', equals: 'CRLF risk' },
      },
    ],
  },
  {
    name: 'set keeps BOM and CRLF together',
    category: 'BOM and CRLF',
    files: { [PLAN]: { edit: (t) => '\uFEFF' + t.replace(/\n/g, '\r\n') } },
    args: ['set', 'acme', 'customer_context.industry', 'Technology'],
    code: 0,
    says: 'Technology',
    accepted: [
      {
        file: PLAN,
        contains: [/^\uFEFF/],
        lacks: [/[^\r]\n/],
        value: { path: 'customer_context.industry', equals: 'Technology' },
      },
    ],
  },
  ...[
    'key: value # not a comment',
    '- not a list item',
    '&anchor *alias',
    '!!binary aGVsbG8=',
    '\'single\' and "double" quotes',
    'yes',
    'null',
    '0x1F',
    '2026-01-01',
    '---',
    'line one\nline two\n  indented',
    '{ "json": [1, 2] }',
    '%YAML 1.1',
    '@handle `backtick` |pipe >fold',
  ].map(
    (title): HostileCase => ({
      name: `a risk title that is YAML syntax (${JSON.stringify(title).slice(1, 30)}) is stored as text`,
      category: 'YAML injection',
      args: addRisk(title),
      code: 0,
      says: 'rk-1',
      accepted: [{ file: PLAN, value: { path: 'risks.0.title', equals: title } }],
    }),
  ),
  {
    name: 'spaces around a flag value are trimmed',
    category: 'YAML injection',
    args: addRisk('   padded title   '),
    code: 0,
    says: 'rk-1',
    accepted: [{ file: PLAN, value: { path: 'risks.0.title', equals: 'padded title' } }],
  },
  {
    name: 'HTML and script in a field are stored as text (escaped by the HTML export)',
    category: 'HTML',
    args: addRisk('<script>alert(document.cookie)</script><img src=x onerror=alert(1)>'),
    code: 0,
    says: 'rk-1',
    accepted: [
      {
        file: PLAN,
        value: { path: 'risks.0.title', equals: '<script>alert(document.cookie)</script><img src=x onerror=alert(1)>' },
      },
    ],
  },
  {
    name: 'a spreadsheet formula in a field is stored as text (neutralised when exported to markdown)',
    category: 'formula injection',
    args: addRisk("=cmd|' /C calc'!A0"),
    code: 0,
    says: 'rk-1',
    accepted: [{ file: PLAN, value: { path: 'risks.0.title', equals: "=cmd|' /C calc'!A0" } }],
  },
  {
    name: 'a CRM export whose fields carry formulas: init keeps them as text',
    category: 'formula injection',
    files: {
      'crm/accounts.csv':
        'account,sector,year_established,revenue,employees,office_location,subsidiary_of\n"=HYPERLINK(""http://evil.example"",""x"")","=cmd|\' /C calc\'!A0",1996,1100.04,2822,"@SUM(1+1)*cmd|\' /C calc\'!A0",\n',
      'crm/sales_pipeline.csv':
        'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\nOPP1,"+Agent",GTX Pro,"=HYPERLINK(""http://evil.example"",""x"")",Engaging,2016-10-20,,\n',
      'crm/products.csv': 'product,series,sales_price\nGTX Pro,GTX,4821\n',
      'crm/sales_teams.csv': 'sales_agent,manager,regional_office\n"+Agent","-Manager",Central\n',
    },
    args: [
      'init',
      'evil-crm',
      '--from-crm',
      'crm/accounts.csv',
      '--crm-id',
      '=HYPERLINK("http://evil.example","x")',
      '--owner',
      'Priya Natarajan',
    ],
    code: 0,
    says: 'Created',
    accepted: [
      {
        file: 'infohub/evil-crm/success_plan/csp.yaml',
        value: { path: 'meta.account_name', equals: '=HYPERLINK("http://evil.example","x")' },
      },
    ],
  },
  {
    name: 'a CRM export that is not CSV',
    category: 'CRM exports',
    files: { 'crm/accounts.csv': '\u0000\u0001\u0002 binary "garbage\n' },
    args: ['init', 'beta', '--from-crm', 'crm/accounts.csv', '--crm-id', 'x', '--owner', 'Priya'],
    code: 3,
    says: /crm|CRM|export/,
  },
  {
    name: 'a CRM export that does not exist',
    category: 'CRM exports',
    args: ['init', 'beta', '--from-crm', 'crm/nonexistent.csv', '--crm-id', 'x', '--owner', 'Priya'],
    code: 3,
    says: /does not exist|no such|not found|cannot/i,
  },
  ...BAD_DAY_CASES,
];
