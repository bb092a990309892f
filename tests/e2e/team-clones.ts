/**
 * Clones of an InfoHub for the end-to-end renumbering tests (team-merge-links.test.ts,
 * team-merge-pick-stash.test.ts): a clone's git and csp, the acme account set up with csp hook
 * install, and the edits both lines of work make (an objective, a decision linked to it, a
 * milestone) with the ids they got.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { expect } from 'vitest';
import { isolatedEnv, runCsp } from '../helpers/cli.js';
import { fixturePlan, hubPath } from '../helpers/infohub.js';

/** The acme plan, its action tracker and its decision log (repository-relative). */
export const PLAN = hubPath('acme', 'csp');
export const TRACKER = hubPath('acme', 'action_tracker');
export const LOG = 'infohub/acme/decision_log.yaml';

/** A clone: git in it (status and stdout+stderr), csp in it (expects exit 0; stdout+stderr), a file's text. */
export interface Clone {
  dir: string;
  git(...args: string[]): { status: number; out: string };
  csp(...args: string[]): Promise<string>;
  read(path: string): string;
}

/** Runs git in `dir` with an isolated environment (plus `env`); never throws. */
export function gitIn(dir: string, args: string[], env: Record<string, string> = {}): { status: number; out: string } {
  const run = spawnSync('git', args, {
    cwd: dir,
    env: isolatedEnv(dir, env),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: run.status ?? 1, out: `${run.stdout}${run.stderr}` };
}

/** The clone in `dir` (an existing folder): csp runs on 2026-11-24, git with `gitEnv` added to its environment. */
export function cloneIn(dir: string, gitEnv: Record<string, string> = {}): Clone {
  return {
    dir,
    git: (...args) => gitIn(dir, args, gitEnv),
    csp: async (...args) => {
      const r = await runCsp(args, { cwd: dir, env: { CSP_NOW: '2026-11-24' } });
      expect(r.code, `csp ${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout + r.stderr;
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
  };
}

/** Sets the clone's committer (`name`, `<name>@example.com` lower-cased) and turns signing off. */
export function configUser(c: Clone, name: string): void {
  for (const [k, v] of [
    ['user.name', name],
    ['user.email', `${name.toLowerCase()}@example.com`],
    ['commit.gpgsign', 'false'],
  ])
    c.git('config', k, v);
}

/** Writes the acme plan (the fixture, in develop, draft) and a .gitignore, runs csp hook install and csp sync acme; commits nothing. */
export async function setUpAcme(c: Clone): Promise<void> {
  mkdirSync(join(c.dir, 'infohub/acme/success_plan'), { recursive: true });
  writeFileSync(
    join(c.dir, PLAN),
    fixturePlan('acme')
      .replace(/^ {2}phase: finalize {0,}/m, '  phase: develop ')
      .replace(/^ {2}status: pending_review/m, '  status: draft'),
  );
  writeFileSync(join(c.dir, '.gitignore'), 'infohub/.csp/locks/\ninfohub/.csp/journal/\n');
  await c.csp('hook', 'install');
  await c.csp('sync', 'acme');
}

/** The plan's objectives: statement -> id. */
export const objectiveIds = (c: Clone) =>
  new Map(
    (parse(c.read(PLAN)).business_outcomes.objectives as Array<{ id: string; statement: string }>).map((o) => [
      o.statement,
      o.id,
    ]),
  );

/** The plan's milestones: title -> id. */
export const milestoneIds = (c: Clone) =>
  new Map(
    (parse(c.read(PLAN)).adoption_journey.phases as Array<{ milestones?: Array<{ id: string; title: string }> }>)
      .flatMap((p) => p.milestones ?? [])
      .map((m) => [m.title, m.id]),
  );

/** The decision log: decision -> the objective it links (undefined when none). */
export const decisionLinks = (c: Clone) =>
  new Map(
    (parse(c.read(LOG)).decisions as Array<{ decision: string; objective?: string }>).map((d) => [
      d.decision,
      d.objective,
    ]),
  );

/** Adds the objective "Objective of <who>" (metric "Metric of <who>", target 10); returns its id. */
export async function addObjective(c: Clone, who: string): Promise<string> {
  await c.csp(
    'add',
    'objective',
    'acme',
    '--statement',
    `Objective of ${who}`,
    '--metric',
    `Metric of ${who}`,
    '--target',
    '10',
  );
  return objectiveIds(c).get(`Objective of ${who}`)!;
}

/**
 * Adds an objective, a decision linked to it and a milestone in ph-1 ("... of <who>"), and syncs
 * the tracker when asked; commits nothing. Returns the objective's id.
 */
export async function addWork(c: Clone, who: string, sync: boolean): Promise<string> {
  const obj = await addObjective(c, who);
  await c.csp('add', 'decision', 'acme', '--decision', `Decision of ${who}`, '--objective', obj);
  await c.csp(
    'add',
    'milestone',
    'acme',
    '--phase',
    'ph-1',
    '--title',
    `Milestone of ${who}`,
    '--due',
    '2026-12-20',
    '--owner',
    'sh-1',
  );
  if (sync) await c.csp('sync', 'acme');
  return obj;
}

/** csp validate passes and no file of the account holds a conflict marker. */
export async function validates(c: Clone): Promise<void> {
  const r = await runCsp(['validate', '--json'], { cwd: c.dir });
  expect(r.code, r.stdout + r.stderr).toBe(0);
  for (const f of [PLAN, TRACKER, LOG])
    if (existsSync(join(c.dir, f))) expect(c.read(f)).not.toMatch(/^(<{7}|={7}|>{7})/m);
}
