/**
 * Runs the hostile-input corpus (tests/hostile/corpus.ts) and the prompt-injection notes
 * (tests/hostile/prompt-injection.yaml) against the built csp. See tests/hostile/README.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import jsYaml from 'js-yaml';
import { isolatedEnv, runCsp, ROOT } from '../helpers/cli.js';
import { HOSTILE_CASES, type FileSpec, type HostileCase } from '../hostile/corpus.js';
import '../hostile/corpus-secrets.js';
import { parseYamlFast } from '../../src/yaml/read.js';

const base = mkdtempSync(join(tmpdir(), 'csp-hostile-'));
const template = join(base, 'template');
const PLAN = 'infohub/acme/success_plan/csp.yaml';
let n = 0;
const tried: Record<string, number> = {};

beforeAll(async () => {
  const repo = join(template, 'repo');
  mkdirSync(join(template, 'outside'), { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: isolatedEnv(repo), stdio: 'ignore' });
  for (const [k, v] of [
    ['user.name', 'Test SA'],
    ['user.email', 'sa@example.com'],
    ['commit.gpgsign', 'false'],
    ['gc.auto', '0'],
  ])
    git('config', k, v);
  const run = await runCsp(['init', 'acme', '--name', 'Acme Corp', '--owner', 'Priya Natarajan', '--arr', '250000'], {
    cwd: repo,
  });
  if (run.code !== 0) throw new Error(run.stderr);
  git('add', '-A');
  git('commit', '-q', '-m', 'plan');
}, 240_000);

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
  console.log(
    `hostile corpus: ${Object.values(tried).reduce((a, b) => a + b, 0)} bad inputs tried: ${JSON.stringify(tried)}`,
  );
});

/** A digest of every file, folder and link under dir (names, kinds, contents, link targets). */
function treeDigest(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      // The validation cache is derived: a validate run may refresh it (under .git/csp/, or an old in-tree one it removes).
      if (/(^|\/)\.csp\/cache$/.test(path) || /(^|\/)\.git\/csp$/.test(path)) continue;
      const full = join(dir, path);
      const stat = lstatSync(full);
      if (stat.isSymbolicLink()) out.set(path, `link:${readlinkSync(full)}`);
      else if (stat.isDirectory()) {
        out.set(path, 'dir');
        walk(path);
      } else out.set(path, createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk('');
  return out;
}

function diff(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
}

function arrange(dir: string, files: Record<string, FileSpec>, vars: Record<string, string>): void {
  for (const [rel, spec] of Object.entries(files)) {
    const path = join(dir, rel);
    const current = existsSync(path) && lstatSync(path).isFile() ? readFileSync(path, 'utf8') : '';
    if (typeof spec !== 'string' && 'mode' in spec) {
      chmodSync(path, spec.mode);
      continue;
    }
    if (typeof spec !== 'string' && 'edit' in spec) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, spec.edit(current));
      continue;
    }
    rmSync(path, { recursive: true, force: true });
    mkdirSync(dirname(path), { recursive: true });
    if (typeof spec === 'string') writeFileSync(path, spec);
    else if ('bytes' in spec) writeFileSync(path, Uint8Array.from(spec.bytes));
    else if ('symlink' in spec) symlinkSync(substitute(spec.symlink, vars), path);
    else if ('dir' in spec) mkdirSync(path);
  }
}

function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\$(OUTSIDE|REPO)/g, (_, v: string) => vars[v]);
}

function valueAt(data: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], data);
}

async function runCase(c: HostileCase): Promise<void> {
  const dir = join(base, `case-${++n}`);
  cpSync(template, dir, { recursive: true });
  try {
    const repo = join(dir, 'repo');
    const outside = join(dir, 'outside');
    const vars = { OUTSIDE: outside, REPO: repo };
    for (const [rel, text] of Object.entries(c.outside ?? {})) {
      mkdirSync(dirname(join(outside, rel)), { recursive: true });
      writeFileSync(join(outside, rel), text);
    }
    arrange(repo, c.files ?? {}, vars);
    const before = treeDigest(dir);
    const run = await runCsp(
      c.args.map((a) => substitute(a, vars)),
      { cwd: repo, env: c.env },
    );
    const output = run.stdout + run.stderr;
    expect(run.code, `exit code; output:\n${output.slice(0, 3000)}`).toBe(c.code);
    if (typeof c.says === 'string') expect(output).toContain(c.says);
    else expect(output).toMatch(c.says);
    expect(output, 'no internal error').not.toMatch(/This is a bug in csp|unexpected error/);
    for (const not of c.lacks ?? [])
      typeof not === 'string' ? expect(output).not.toContain(not) : expect(output).not.toMatch(not);
    if (c.jsonStdout) expect(() => JSON.parse(run.stdout), `stdout is one JSON document:\n${run.stdout}`).not.toThrow();
    if (!c.accepted) {
      expect(diff(before, treeDigest(dir)), 'files changed by a refused input').toEqual([]);
      return;
    }
    for (const check of c.accepted) {
      const text = readFileSync(join(repo, check.file), 'utf8');
      for (const want of check.contains ?? [])
        typeof want === 'string' ? expect(text).toContain(want) : expect(text).toMatch(want);
      for (const not of check.lacks ?? [])
        typeof not === 'string' ? expect(text).not.toContain(not) : expect(text).not.toMatch(not);
      const parsed = parseYamlFast(text);
      expect(parsed.issues).toEqual([]);
      if (check.value) expect(valueAt(parsed.data, check.value.path)).toEqual(check.value.equals);
    }
    const validate = await runCsp(['validate'], { cwd: repo });
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    const leftovers = [...treeDigest(repo).keys()].filter((p) => /\.csp-tmp-|\.csp\/(locks|journal)\//.test(p));
    expect(leftovers, 'temp files, locks or journals left behind').toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('hostile input corpus', () => {
  it('has at least 50 cases, all with distinct names', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(HOSTILE_CASES.map((c) => c.name)).size).toBe(HOSTILE_CASES.length);
  });

  it.each(HOSTILE_CASES.map((c) => [`${c.category}: ${c.name}`, c] as const))(
    '%s',
    async (_name, c) => {
      tried[c.category] = (tried[c.category] ?? 0) + 1;
      await runCase(c);
    },
    60_000,
  );
});

interface NotesCase {
  name: string;
  notes: string;
  notes_command: { must_not_change?: string[]; must_not_contain?: string[] };
}
const NOTES = (
  jsYaml.load(readFileSync(join(ROOT, 'tests/hostile/prompt-injection.yaml'), 'utf8')) as { cases: NotesCase[] }
).cases;

describe('meeting notes that carry instructions (stored by the commands that exist)', () => {
  it.each(NOTES.map((c) => [c.name, c] as const))(
    '%s: kept byte for byte as data, nothing else changes',
    async (_name, c) => {
      tried['prompt injection'] = (tried['prompt injection'] ?? 0) + 1;
      const dir = join(base, `notes-${++n}`);
      cpSync(template, dir, { recursive: true });
      try {
        const repo = join(dir, 'repo');
        // NOTE: a NUL cannot be passed in argv; the shells that feed csp drop it, and so does this test.
        const notes = c.notes.replace(/\0/g, '');
        const plan = () => parseYamlFast(readFileSync(join(repo, PLAN), 'utf8'));
        const before = plan().data as Record<string, any>;
        const set = await runCsp(['set', 'acme', 'customer_context.background', notes], { cwd: repo });
        expect(set.code, set.stderr).toBe(0);
        const decision = await runCsp(
          ['add', 'decision', 'acme', '--decision', 'Meeting notes', '--rationale', notes],
          { cwd: repo },
        );
        expect(decision.code, decision.stderr).toBe(0);
        const after = plan();
        expect(after.issues).toEqual([]);
        const data = after.data as Record<string, any>;
        expect(data.customer_context.background).toBe(notes);
        expect({
          ...data,
          customer_context: { ...data.customer_context, background: before.customer_context.background },
          meta: { ...data.meta, updated: before.meta.updated },
        }).toEqual(before);
        const log = parseYamlFast(readFileSync(join(repo, 'infohub/acme/decision_log.yaml'), 'utf8'));
        // NOTE: csp add trims flag values; csp set keeps the text as given.
        expect((log.data as { decisions: Array<{ rationale: string }> }).decisions[0].rationale).toBe(notes.trim());
        expect((await runCsp(['validate'], { cwd: repo })).code).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

describe('meeting notes that carry instructions, through csp notes (their notes_command checks)', () => {
  it.each(NOTES.map((c) => [c.name, c] as const))(
    '%s: what it must not change stays, what it must not contain is nowhere',
    async (_name, c) => {
      tried['prompt injection'] = (tried['prompt injection'] ?? 0) + 1;
      const dir = join(base, `notes-cmd-${++n}`);
      cpSync(template, dir, { recursive: true });
      try {
        const repo = join(dir, 'repo');
        writeFileSync(join(repo, 'meeting.md'), `Date: 2026-11-20\n\n${c.notes}`);
        const read = (rel: string) => (existsSync(join(repo, rel)) ? readFileSync(join(repo, rel), 'utf8') : '');
        const before = parseYamlFast(read(PLAN)).data;
        const run = await runCsp(['notes', 'acme', 'meeting.md', '--offline', '--apply', '--json'], {
          cwd: repo,
          env: { ANTHROPIC_API_KEY: 'sk-ant-api03-HOSTILEnotes0123456789abcdefghij' },
        });
        expect(run.code, run.stdout + run.stderr).toBe(0);
        const after = parseYamlFast(read(PLAN)).data;
        for (const path of c.notes_command.must_not_change ?? []) {
          const was = valueAt(before, path);
          const now = valueAt(after, path);
          // NOTE: csp notes only ever adds to a list (a risk the notes mention is data); what was there must stay, unchanged and in place.
          if (Array.isArray(now) && (was === undefined || was === null || Array.isArray(was)))
            expect(now.slice(0, ((was as unknown[] | null) ?? []).length), `${path} changed`).toEqual(was ?? []);
          else expect(now, `${path} changed`).toEqual(was);
        }
        const written =
          [PLAN, 'infohub/acme/action_tracker.yaml', 'infohub/acme/decision_log.yaml'].map(read).join('\n') +
          run.stdout +
          run.stderr;
        for (const text of c.notes_command.must_not_contain ?? [])
          expect(written, `"${text}" was written`).not.toContain(text);
        expect((await runCsp(['validate'], { cwd: repo })).code).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
