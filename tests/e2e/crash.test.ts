/**
 * Crash safety (issue 8): csp is SIGKILLed at every write step of init, add, set, review,
 * develop and finalize (plan + snapshot + commit), snapshot (file + commit) and add decision,
 * hundreds of times. After each kill: every file holds its old or its new text and parses,
 * `csp validate` and `git fsck` pass; then the next run (`csp repair`) leaves the InfoHub
 * exactly as before the command or exactly as after it, with git history to match.
 *
 * The reference states come from running the same commands once without kills. Each kill starts
 * from a copy of the state before its command. Kill points cycle through every write step the
 * command announces (CSP_TEST_SLOW_WRITES), plus a random delay so that some land inside a step
 * (a temp file being written, git committing). CSP_CRASH_KILLS scales the total (default 250);
 * CSP_CRASH_SEED sets the seed (default a fixed one, so that CI runs the same kills every time;
 * set another to explore). Each command must see kills that landed mid-write (issue 19): files
 * neither all old nor all new, or a temp file, journal or lock left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedEnv, runCsp } from '../helpers/cli.js';
import { changedPaths, filesOf, pool, runAndKill, seededRandom } from '../helpers/faults.js';
import { parseYamlFast } from '../../src/yaml/read.js';

const SLOW_MS = 20;
const TOTAL = Number(process.env.CSP_CRASH_KILLS ?? 250);
/** The seed of the kill delays and folders: CSP_CRASH_SEED, else a fixed one (CI runs are repeatable). */
const SEED = Number(process.env.CSP_CRASH_SEED ?? 20261122);
const random = seededRandom(SEED);

/** The commands, in order; `weight` is the share of kills each gets (0: it only builds state). */
const SCENARIO: Array<{ args: string[]; weight: number }> = [
  { args: ['init', 'acme', '--name', 'Acme Corp', '--owner', 'Priya Natarajan', '--arr', '250000'], weight: 45 },
  { args: ['set', 'acme', 'customer_context.industry', 'Technology'], weight: 10 },
  { args: ['set', 'acme', 'customer_context.primary_use_case', 'Portfolio health'], weight: 0 },
  { args: ['set', 'acme', 'customer_context.background', 'Growing CS team'], weight: 0 },
  {
    args: [
      'add',
      'stakeholder',
      'acme',
      '--name',
      'Sarah Chen',
      '--title',
      'VP Customer Success',
      '--role',
      'champion',
      '--side',
      'customer',
    ],
    weight: 10,
  },
  ...[1, 2, 3].map((n) => ({
    args: ['add', 'objective', 'acme', '--statement', `Objective ${n}: cut QBR preparation by 50% by 2027-06-30`],
    weight: n === 1 ? 5 : 0,
  })),
  { args: ['set', 'acme', 'business_outcomes.current_state', 'Spreadsheets and tribal knowledge'], weight: 0 },
  { args: ['develop', 'acme'], weight: 50 },
  ...[1, 2, 3].map((n) => ({
    args: [
      'add',
      'key-result',
      'acme',
      '--objective',
      `obj-${n}`,
      '--metric',
      `Prep hours ${n}`,
      '--baseline',
      '24',
      '--target',
      '4',
      '--unit',
      'hours',
      '--due',
      '2027-03-01',
    ],
    weight: 0,
  })),
  {
    args: [
      'add',
      'criterion',
      'acme',
      '--criterion',
      'Health score for every account',
      '--baseline',
      '0%',
      '--target',
      '100%',
      '--measurement',
      'Portfolio report',
      '--due',
      '2027-01-31',
    ],
    weight: 0,
  },
  { args: ['set', 'acme', 'technical_evaluation.plan', 'Pilot with two CSM teams'], weight: 0 },
  {
    args: [
      'add',
      'risk',
      'acme',
      '--title',
      'Single-threaded',
      '--probability',
      'medium',
      '--impact',
      'high',
      '--mitigation',
      'Executive briefing',
      '--owner',
      'Sarah Chen',
    ],
    weight: 15,
  },
  { args: ['finalize', 'acme'], weight: 50 },
  { args: ['snapshot', 'acme', '-m', 'after the review call', '--force'], weight: 35 },
  { args: ['add', 'decision', 'acme', '--decision', 'Use SSO', '--rationale', 'Security review'], weight: 15 },
  { args: ['review', 'acme', '--customer', 'Sarah Chen'], weight: 15 },
];
const WEIGHTS = SCENARIO.reduce((n, s) => n + s.weight, 0);

/** A reference state: the files, the git subjects and the git status after a command. */
interface State {
  dir: string;
  files: Map<string, string>;
  subjects: string;
  status: string;
}

const base = mkdtempSync(join(tmpdir(), 'csp-crash-'));
const states: State[] = [];
const stats = {
  kills: 0,
  midWrite: 0,
  finishedByRecovery: 0,
  rolledBackOrNotStarted: 0,
  completedBeforeKill: 0,
  perCommand: {} as Record<string, number>,
};
/** Per scenario step: kills that landed mid-write (the InfoHub right after it was neither the state before nor after). */
const midWriteKills = new Map<number, number>();

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    env: isolatedEnv(dir),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function stateOf(dir: string): State {
  return {
    dir,
    files: filesOf(dir),
    subjects: git(dir, 'log', '--format=%s'),
    status: git(dir, 'status', '--porcelain', '--untracked-files=all'),
  };
}

/** Lock folders, journals and temp files: allowed right after a kill, never after the next run. */
const TRANSIENT = /(^|\/)\.csp\/(locks|journal)\/|\.csp-tmp-\d+-\d+$/;

beforeAll(async () => {
  const first = join(base, 'state-0');
  execFileSync('git', ['init', '-q', '-b', 'main', first]);
  for (const [k, v] of [
    ['user.name', 'Test SA'],
    ['user.email', 'sa@example.com'],
    ['commit.gpgsign', 'false'],
    ['gc.auto', '0'],
  ])
    git(first, 'config', k, v);
  git(first, 'commit', '-q', '--allow-empty', '-m', 'initial');
  states.push(stateOf(first));
  for (const [i, step] of SCENARIO.entries()) {
    const dir = join(base, `state-${i + 1}`);
    cpSync(states[i].dir, dir, { recursive: true });
    const run = await runCsp(step.args, { cwd: dir });
    if (run.code !== 0)
      throw new Error(`reference run of csp ${step.args.join(' ')} failed (${run.code}): ${run.stderr}`);
    states.push(stateOf(dir));
  }
}, 240_000);

afterAll(() => {
  rmSync(base, { recursive: true, force: true });
  // The figures the issue asks for (read by the lead from the test output).
  console.log(
    `crash test (seed ${SEED}): ${stats.kills} kills survived, ${stats.midWrite} of them mid-write; after the next run ${stats.finishedByRecovery} commands were finished from their new state and ${stats.rolledBackOrNotStarted} were found in their old state; ${stats.completedBeforeKill} runs finished before their kill point. Kills per command: ${JSON.stringify(stats.perCommand)}`,
  );
});

/** Waits until no git process (one csp started before it was killed) holds the index lock. */
async function gitSettled(dir: string): Promise<void> {
  for (let i = 0; i < 200 && existsSync(join(dir, '.git', 'index.lock')); i++)
    await new Promise((r) => setTimeout(r, 25));
}

async function killOnce(index: number, atStep: number, delayMs: number, label: string): Promise<void> {
  const before = states[index];
  const after = states[index + 1];
  const args = SCENARIO[index].args;
  const dir = join(base, `kill-${index}-${atStep}-${Math.floor(random() * 1e9)}`);
  cpSync(before.dir, dir, { recursive: true });
  try {
    const run = await runAndKill(args, { cwd: dir, slowMs: SLOW_MS, atStep, delayMs });
    if (!run.killed) {
      expect(run.code, run.stderr).toBe(0);
      expect(changedPaths(filesOf(dir), after.files), `${label}: a run that was not killed`).toEqual([]);
      stats.completedBeforeKill++;
      return;
    }
    stats.kills++;
    stats.perCommand[args[0]] = (stats.perCommand[args[0]] ?? 0) + 1;
    await gitSettled(dir);

    // Right after the kill: each file is its old or its new text, and each document parses.
    const now = filesOf(dir);
    // NOTE: a lock folder alone is not a write; a temp file, a journal or some files new and some old are.
    const written = (paths: string[]) => paths.filter((p) => !/(^|\/)\.csp\/locks\//.test(p));
    if (written(changedPaths(now, before.files)).length > 0 && written(changedPaths(now, after.files)).length > 0) {
      stats.midWrite++;
      midWriteKills.set(index, (midWriteKills.get(index) ?? 0) + 1);
    }
    for (const path of new Set([...now.keys(), ...before.files.keys(), ...after.files.keys()])) {
      if (TRANSIENT.test(path)) continue;
      expect(
        [before.files.get(path), after.files.get(path)],
        `${label}: ${path} is neither its old nor its new text`,
      ).toContain(now.get(path));
      if (path.endsWith('.yaml') && now.has(path))
        expect(parseYamlFast(now.get(path)!).issues, `${label}: ${path}`).toEqual([]);
    }
    if (existsSync(join(dir, 'infohub'))) {
      const validate = await runCsp(['validate'], { cwd: dir });
      expect(validate.code, `${label}: csp validate after the kill\n${validate.stdout}${validate.stderr}`).toBe(0);
    }
    expect(() => git(dir, 'fsck', '--no-progress', '--no-dangling'), `${label}: git fsck`).not.toThrow();

    // The next run finishes the command or finds it not started: exactly one of the two states.
    if (existsSync(join(dir, 'infohub'))) {
      const repair = await runCsp(['repair'], { cwd: dir });
      expect(repair.code, `${label}: csp repair\n${repair.stderr}`).toBe(0);
    }
    const result = stateOf(dir);
    const toAfter = changedPaths(result.files, after.files);
    const toBefore = changedPaths(result.files, before.files);
    if (toAfter.length === 0) {
      stats.finishedByRecovery++;
      expect(result.subjects, `${label}: git history after finishing`).toBe(after.subjects);
      expect(result.status, `${label}: git status after finishing`).toBe(after.status);
    } else {
      expect(
        toBefore,
        `${label}: after the next run the InfoHub is neither the old state nor the new (differs from the new in ${toAfter.join(', ')})`,
      ).toEqual([]);
      expect(result.subjects, `${label}: git history when not started`).toBe(before.subjects);
      stats.rolledBackOrNotStarted++;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe(`csp under SIGKILL (${TOTAL} kills, seed ${SEED})`, () => {
  const targets = SCENARIO.map((s, i) => ({ ...s, index: i })).filter((s) => s.weight > 0);
  it.each(targets.map((t) => [t.args.slice(0, t.args[0] === 'add' ? 2 : 1).join(' '), t] as const))(
    'csp %s: every kill leaves old-or-new files, and the next run finishes or rolls back',
    async (name, target) => {
      const kills = Math.max(2, Math.round((TOTAL * target.weight) / WEIGHTS));
      // How many write steps the command takes (a run with slowed writes and no kill).
      const probeDir = join(base, `probe-${target.index}`);
      cpSync(states[target.index].dir, probeDir, { recursive: true });
      const probe = await runAndKill(target.args, { cwd: probeDir, slowMs: 1 });
      rmSync(probeDir, { recursive: true, force: true });
      expect(probe.code, probe.stderr).toBe(0);
      const steps = probe.steps.length;
      expect(steps).toBeGreaterThan(0);
      await pool(
        3,
        Array.from({ length: kills }, (_, j) => () => {
          const atStep = 1 + (j % steps);
          const inCommit = probe.steps[atStep - 1] === 'commit';
          const delay = Math.floor(random() * (inCommit ? 150 : 2 * SLOW_MS));
          return killOnce(
            target.index,
            atStep,
            delay,
            `csp ${name}: kill ${j + 1} at step ${atStep} (${probe.steps[atStep - 1]}) + ${delay} ms, seed ${SEED}`,
          );
        }),
      );
      // NOTE: a test whose kills all came before the first write or after the last proves nothing.
      expect(
        midWriteKills.get(target.index) ?? 0,
        `csp ${name}: no kill landed mid-write (seed ${SEED})`,
      ).toBeGreaterThan(0);
    },
    600_000,
  );
});
