/**
 * Hostile corpus, issue 19 ("Nothing lost on a bad day"): full disks and refused files, links out
 * of the InfoHub or into another account, odd bytes, control characters in plan data. Each case
 * runs like the rest of the corpus (tests/e2e/hostile.test.ts): a fresh InfoHub with
 * `infohub/acme`, the command, its exit code and words, and, unless accepted, nothing changed
 * (no temp file, no journal, no folder left). A failing disk is injected with CSP_TEST_FAULT
 * (src/storage/fault-injection.ts): `<CODE>:<part of the path>[:<bytes written before it fails>]`;
 * tests/e2e/bad-day.test.ts meets the same failures for real (ulimit -f, a full tmpfs, a read-only
 * mount) where the machine allows.
 */
import type { HostileCase } from './corpus.js';

const PLAN = 'infohub/acme/success_plan/csp.yaml';
const addRisk = (title: string, account = 'acme') => [
  'add',
  'risk',
  account,
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
];
/** What a file outside the InfoHub holds: it must never be shown. */
const SECRET = 'root:x:0:0:OUTSIDE-SECRET-7f3a:/root:/bin/bash\n';
/** The day the test runs csp on (CSP_NOW in tests/helpers/cli.ts): the name of a first snapshot. */
const SNAPSHOT = 'infohub/acme/success_plan/csp_history/csp_v1_2026-11-22.yaml';
const ESCAPED_KEY = (t: string) => t.replace(/^meta:\n/m, 'meta:\n  "x-\\x41": 1\n');
const CR_ONLY = (t: string) => t.replace(/\n/g, '\r');

/** Refused writes: each failure, met by a command that writes. */
const REFUSED: Array<{ code: string; says: string; bytes?: number }> = [
  { code: 'ENOSPC', says: 'no space left on the device (ENOSPC)', bytes: 100 },
  { code: 'EDQUOT', says: 'the disk quota is used up (EDQUOT)', bytes: 100 },
  { code: 'EFBIG', says: 'the file would exceed the file size limit (EFBIG)', bytes: 100 },
  { code: 'EACCES', says: 'permission denied (EACCES)' },
  { code: 'EPERM', says: 'the operation is not permitted (EPERM)' },
  { code: 'EROFS', says: 'the file system is read-only (EROFS)' },
];
const fault = (code: string, path: string, bytes?: number) => ({
  CSP_TEST_FAULT: `${code}:${path}${bytes === undefined ? '' : `:${bytes}`}`,
});

export const BAD_DAY_CASES: HostileCase[] = [
  // ---- data lost: a write the file system refuses ----------------------------------------------
  ...REFUSED.flatMap((r): HostileCase[] => [
    {
      name: `add meets ${r.code} on csp.yaml`,
      category: 'bad day: refused writes',
      env: fault(r.code, 'csp.yaml', r.bytes),
      args: addRisk('A risk'),
      code: 3,
      says: r.says,
    },
    {
      name: `set meets ${r.code} on csp.yaml`,
      category: 'bad day: refused writes',
      env: fault(r.code, 'csp.yaml', r.bytes),
      args: ['set', 'acme', 'customer_context.industry', 'Technology'],
      code: 3,
      says: r.says,
    },
    {
      name: `snapshot meets ${r.code} on its snapshot file (journal and folder cleaned)`,
      category: 'bad day: refused writes',
      env: fault(r.code, 'csp_history', r.bytes),
      args: ['snapshot', 'acme'],
      code: 3,
      says: r.says,
    },
    // NOTE: GIT_OPTIONAL_LOCKS=0: the git status export asks must not refresh .git/index (a change the test would count).
    {
      name: `export -o meets ${r.code}`,
      category: 'bad day: refused writes',
      env: { ...fault(r.code, 'plan.md', r.bytes), GIT_OPTIONAL_LOCKS: '0' },
      args: ['export', 'acme', '-o', 'plan.md'],
      code: 3,
      says: r.says,
    },
  ]),
  {
    name: 'a short write (4 KB of 8 KB, then ENOSPC) is not taken for a whole one',
    category: 'bad day: refused writes',
    files: { [PLAN]: { edit: (t) => t + `# ${'padding '.repeat(1000)}\n` } },
    env: fault('ENOSPC', 'csp.yaml', 4096),
    args: addRisk('A risk'),
    code: 3,
    says: 'csp.yaml is unchanged',
  },
  {
    name: 'snapshot meets ENOSPC on its journal',
    category: 'bad day: refused writes',
    env: fault('ENOSPC', '.csp/journal', 10),
    args: ['snapshot', 'acme'],
    code: 3,
    says: 'no space left on the device (ENOSPC)',
  },
  {
    name: 'init of a new account meets ENOSPC on its plan (nothing created)',
    category: 'bad day: refused writes',
    env: fault('ENOSPC', 'beta/success_plan/csp.yaml', 50),
    args: ['init', 'beta', '--name', 'Beta', '--owner', 'Priya'],
    code: 3,
    says: 'csp.yaml was not created',
  },
  {
    name: 'add decision meets EACCES on a new decision log',
    category: 'bad day: refused writes',
    env: fault('EACCES', 'decision_log.yaml'),
    args: ['add', 'decision', 'acme', '--decision', 'd', '--rationale', 'r'],
    code: 3,
    says: 'permission denied (EACCES)',
  },
  {
    name: 'a read-only plan (0444) is refused, root or not',
    category: 'bad day: refused writes',
    files: { [PLAN]: { mode: 0o444 } },
    args: addRisk('A risk'),
    code: 3,
    says: 'is read-only (mode 0444)',
  },
  {
    name: 'a read-only plan (0400) is refused by set',
    category: 'bad day: refused writes',
    files: { [PLAN]: { mode: 0o400 } },
    args: ['set', 'acme', 'customer_context.industry', 'Technology'],
    code: 3,
    says: 'chmod u+w',
  },

  // ---- links: one rule for every file csp opens ------------------------------------------------
  {
    name: 'restore of a snapshot that is a link out of the InfoHub',
    category: 'bad day: links',
    outside: { passwd: SECRET },
    files: { [SNAPSHOT]: { symlink: '$OUTSIDE/passwd' } },
    args: ['restore', 'acme', 'v1', '--yes'],
    code: 3,
    says: 'leads outside the InfoHub',
    lacks: ['OUTSIDE-SECRET'],
  },
  {
    name: 'diff of a snapshot that is a link out of the InfoHub',
    category: 'bad day: links',
    outside: { passwd: SECRET },
    files: { [SNAPSHOT]: { symlink: '$OUTSIDE/passwd' } },
    args: ['diff', 'acme', 'v1'],
    code: 3,
    says: 'leads outside the InfoHub',
    lacks: ['OUTSIDE-SECRET'],
  },
  {
    name: 'validate (whole InfoHub) with csp.yaml linked to a file outside',
    category: 'bad day: links',
    outside: { passwd: SECRET },
    files: { [PLAN]: { symlink: '$OUTSIDE/passwd' } },
    args: ['validate'],
    code: 3,
    says: 'csp.yaml leads outside the InfoHub',
    lacks: ['OUTSIDE-SECRET', 'root:x'],
  },
  {
    name: 'validate of the linked csp.yaml by name',
    category: 'bad day: links',
    outside: { passwd: SECRET },
    files: { [PLAN]: { symlink: '$OUTSIDE/passwd' } },
    args: ['validate', PLAN],
    code: 3,
    says: 'leads outside the InfoHub',
    lacks: ['OUTSIDE-SECRET'],
  },
  {
    name: 'status with csp.yaml linked to a file outside',
    category: 'bad day: links',
    outside: { passwd: SECRET },
    files: { [PLAN]: { symlink: '$OUTSIDE/passwd' } },
    args: ['status'],
    code: 3,
    says: 'leads outside the InfoHub',
    lacks: ['OUTSIDE-SECRET'],
  },
  {
    name: 'validate with .csp.yaml linked to a file outside',
    category: 'bad day: links',
    outside: { passwd: SECRET },
    files: { 'infohub/.csp.yaml': { symlink: '$OUTSIDE/passwd' } },
    args: ['validate'],
    code: 3,
    says: '.csp.yaml leads outside the InfoHub',
    lacks: ['OUTSIDE-SECRET', 'root:x'],
  },
  {
    name: 'status with .csp.yaml linked to a file outside',
    category: 'bad day: links',
    outside: { passwd: SECRET },
    files: { 'infohub/.csp.yaml': { symlink: '$OUTSIDE/passwd' } },
    args: ['status'],
    code: 3,
    says: '.csp.yaml leads outside the InfoHub',
    lacks: ['OUTSIDE-SECRET'],
  },
  {
    name: 'set through an in-hub account link (evil -> acme) edits nothing',
    category: 'bad day: links',
    files: { 'infohub/evil': { symlink: 'acme' } },
    args: ['set', 'evil', 'customer_context.industry', 'Hacked'],
    code: 3,
    says: 'infohub/evil is a symbolic link into account "acme"',
  },
  {
    name: 'add through an in-hub account link (evil -> acme) edits nothing',
    category: 'bad day: links',
    files: { 'infohub/evil': { symlink: 'acme' } },
    args: addRisk('A risk', 'evil'),
    code: 3,
    says: 'symbolic link into account "acme"',
  },
  {
    name: "a plan linked to another account's plan",
    category: 'bad day: links',
    files: { 'infohub/beta/success_plan/csp.yaml': { symlink: '../../acme/success_plan/csp.yaml' } },
    args: ['set', 'beta', 'customer_context.industry', 'Hacked'],
    code: 3,
    says: 'symbolic link into account "acme"',
  },
  {
    name: "validate with a plan linked to another account's plan",
    category: 'bad day: links',
    files: { 'infohub/beta/success_plan/csp.yaml': { symlink: '../../acme/success_plan/csp.yaml' } },
    args: ['validate'],
    code: 3,
    says: 'symbolic link into account "acme"',
  },
  {
    name: 'export -o a dangling link --force',
    category: 'bad day: links',
    files: { 'plan.md': { symlink: '$OUTSIDE/missing.md' } },
    args: ['export', 'acme', '-o', 'plan.md', '--force'],
    code: 3,
    says: 'is a symbolic link; csp does not write through links',
  },
  {
    name: 'export -o a link to a file outside --force',
    category: 'bad day: links',
    outside: { 'victim.md': 'keep me\n' },
    files: { 'plan.md': { symlink: '$OUTSIDE/victim.md' } },
    args: ['export', 'acme', '-o', 'plan.md', '--force'],
    code: 3,
    says: 'is a symbolic link',
  },
  {
    name: "export of a plan linked out of the InfoHub is exit 3, not git's error",
    category: 'bad day: links',
    outside: { passwd: SECRET },
    files: { [PLAN]: { symlink: '$OUTSIDE/passwd' } },
    args: ['export', 'acme'],
    code: 3,
    says: 'leads outside the InfoHub',
    lacks: ['OUTSIDE-SECRET', 'beyond a symbolic link'],
  },
  {
    name: "sync of a plan linked out of the InfoHub is exit 3, not git's error",
    category: 'bad day: links',
    outside: { passwd: SECRET },
    files: { [PLAN]: { symlink: '$OUTSIDE/passwd' } },
    args: ['sync', 'acme'],
    code: 3,
    says: 'leads outside the InfoHub',
    lacks: ['OUTSIDE-SECRET', 'beyond a symbolic link'],
  },

  // ---- odd bytes: every form yaml parses is located, edited or refused cleanly ------------------------
  {
    name: 'validate of a plan with a double-quoted key holding a YAML escape ("x-\\x41")',
    category: 'bad day: odd bytes',
    files: { [PLAN]: { edit: ESCAPED_KEY } },
    args: ['validate', PLAN],
    code: 0,
    says: '0 errors',
  },
  {
    name: 'validate of the whole InfoHub with the escaped key',
    category: 'bad day: odd bytes',
    files: { [PLAN]: { edit: ESCAPED_KEY } },
    args: ['validate'],
    code: 0,
    says: '0 errors',
  },
  {
    name: 'status with the escaped key',
    category: 'bad day: odd bytes',
    files: { [PLAN]: { edit: ESCAPED_KEY } },
    args: ['status'],
    code: 0,
    says: 'acme',
  },
  {
    name: 'an escaped key and an error: the error is placed',
    category: 'bad day: odd bytes',
    files: { [PLAN]: { edit: (t) => ESCAPED_KEY(t).replace(/^( *)arr_usd: .*$/m, '$1arr_usd: lots') } },
    args: ['validate', PLAN],
    code: 1,
    says: /csp\.yaml:\d+:\d+: error arr_usd must be number/,
  },
  {
    name: 'a flow mapping with an escaped key',
    category: 'bad day: odd bytes',
    files: {
      [PLAN]: {
        edit: (t) =>
          t.replace(
            /^customer_context:\n((?: {2}.*\n)+)/m,
            'customer_context: {"x-\\x41": 1, "\\u0069ndustry": "Tech\\x21"}\n',
          ),
      },
    },
    args: ['validate', PLAN],
    code: 0,
    says: '0 errors',
  },
  {
    name: 'add keeps the escaped key',
    category: 'bad day: odd bytes',
    files: { [PLAN]: { edit: ESCAPED_KEY } },
    args: addRisk('Escaped'),
    code: 0,
    says: 'rk-1',
    accepted: [{ file: PLAN, contains: ['"x-\\x41": 1'], value: { path: 'meta.x-A', equals: 1 } }],
  },
  {
    name: 'validate of a plan with CR-only line ends',
    category: 'bad day: odd bytes',
    files: { [PLAN]: { edit: CR_ONLY } },
    args: ['validate', PLAN],
    code: 0,
    says: '0 errors',
  },
  {
    name: 'set on a plan with CR-only line ends keeps them',
    category: 'bad day: odd bytes',
    files: { [PLAN]: { edit: CR_ONLY } },
    args: ['set', 'acme', 'customer_context.industry', 'Technology'],
    code: 0,
    says: 'Technology',
    accepted: [
      {
        file: PLAN,
        contains: ['industry: Technology\r'],
        lacks: ['\n'],
        value: { path: 'customer_context.industry', equals: 'Technology' },
      },
    ],
  },
  {
    name: 'add on a plan that mixes CR and LF line ends is refused',
    category: 'bad day: odd bytes',
    files: { [PLAN]: { edit: (t) => t.replace(/\n(?=customer_context:)/, '\r') } },
    args: addRisk('A risk'),
    code: 1,
    says: 'mixes line ends',
  },
  {
    name: 'handoff of a plan whose phase is 7 names the file and line',
    category: 'bad day: odd bytes',
    files: { [PLAN]: { edit: (t) => t.replace(/^( *)phase: .*$/m, '$1phase: 7') } },
    args: ['handoff', 'acme', '--to', 'Casey CA'],
    code: 1,
    says: /csp\.yaml:\d+:\d+: error phase must be/,
  },
  {
    name: 'develop of a plan whose status is 3 names the file and line',
    category: 'bad day: odd bytes',
    files: { [PLAN]: { edit: (t) => t.replace(/^( *)status: .*$/m, '$1status: 3') } },
    args: ['develop', 'acme'],
    code: 1,
    says: /csp\.yaml:\d+:\d+: error status must be/,
  },
  {
    name: 'a wrong-state refusal names the file',
    category: 'bad day: odd bytes',
    args: ['handoff', 'acme', '--to', 'Casey CA'],
    code: 3,
    says: /csp\.yaml:\d+:\d+: csp handoff moves a plan from finalize/,
  },

  // ---- control characters from plan data never reach the terminal raw ---------------------------
  {
    name: 'status of an account whose name holds terminal escapes',
    category: 'bad day: control characters',
    files: {
      [PLAN]: {
        edit: (t) => t.replace(/^( *)account_name: .*$/m, '$1account_name: "Quire\\e]0;PWNED\\a\\e[2J\\u202e"'),
      },
    },
    args: ['status', 'acme'],
    code: 0,
    says: 'Quire\\x1b]0;PWNED\\x07\\x1b[2J\\u202e',
    lacks: ['\x1b]0;', '\x1b[2J', '\x07', '\u202e'],
  },
  {
    name: 'validate quotes a line holding a raw escape byte escaped',
    category: 'bad day: control characters',
    files: { [PLAN]: { edit: (t) => t.replace(/^( *)arr_usd: .*$/m, '$1arr_usd: lots # \x1b[2J\x1b]0;PWNED\x07') } },
    args: ['validate', PLAN],
    code: 1,
    says: 'error',
    lacks: ['\x1b[2J', '\x1b]0;', '\x07'],
  },
  {
    name: 'the error of a command quotes an account name with escapes escaped',
    category: 'bad day: control characters',
    files: { [PLAN]: { edit: (t) => t.replace(/^( *)account_name: .*$/m, '$1account_name: "Quire\\e[2J"') } },
    args: ['handoff', 'acme', '--to', 'Casey CA'],
    code: 3,
    says: 'csp handoff moves a plan from finalize',
    lacks: ['\x1b[2J'],
  },
];
