/**
 * Renumbering across files for `git cherry-pick` and `git stash pop` (issue 20), end to end: one
 * clone set up with csp hook install, two lines of work adding an objective, a decision linked to
 * it and a milestone with the same ids. HEAD keeps its ids; the picked commit's (the stash's)
 * items get the next free ones, and their references follow in every file of the account:
 * - the decision log, which both sides changed (merged by the driver),
 * - the action tracker, which only the picked commit (the stash) changed, so git takes it whole
 *   without the driver: csp merge-file --finish rewrites it (post-commit hook for a cherry-pick, a
 *   detached run waiting for git for a stash pop).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCsp } from '../helpers/cli.js';
import { tempDir } from '../helpers/repo.js';
import {
  addWork,
  cloneIn,
  configUser,
  decisionLinks as decisions,
  milestoneIds as milestones,
  objectiveIds as objectives,
  PLAN,
  setUpAcme,
  TRACKER,
  LOG,
  validates,
  type Clone,
} from './team-clones.js';

/** A clone with csp hooks and the acme account, committed on main with one decision logged. */
async function clone(): Promise<Clone> {
  const dir = join(tempDir('csp-pick-'), 'clone');
  mkdirSync(dir, { recursive: true });
  const c = cloneIn(dir, { GIT_EDITOR: 'true' });
  c.git('init', '-q', '-b', 'main');
  configUser(c, 'P');
  await setUpAcme(c);
  await c.csp('add', 'decision', 'acme', '--decision', 'Base decision');
  c.git('add', '-A');
  expect(c.git('commit', '-q', '-m', 'acme').status).toBe(0);
  return c;
}

/** HEAD's objective keeps `id`; the other side's got a new one; every reference follows its item. */
async function followed(c: Clone, id: string, other: 'B' | 'S'): Promise<void> {
  const objs = objectives(c);
  expect(objs.get('Objective of A')).toBe(id);
  const renumbered = objs.get(`Objective of ${other}`)!;
  expect(renumbered).toBeDefined();
  expect(renumbered).not.toBe(id);
  const decs = decisions(c);
  expect(decs.get('Decision of A')).toBe(id);
  expect(decs.get(`Decision of ${other}`)).toBe(renumbered);
  expect(decs.has('Base decision')).toBe(true);
  const ms = milestones(c);
  expect(ms.get('Milestone of A')).not.toBe(ms.get(`Milestone of ${other}`));
  const tracker = parse(c.read(TRACKER)).actions as Array<{ id: string; title: string; source?: string }>;
  const mine = ms.get(`Milestone of ${other}`)!;
  expect(tracker.filter((t) => t.title === `Milestone of ${other}`).map((t) => [t.id, t.source])).toEqual([
    [mine, `csp#milestone/${mine}`],
  ]);
  await validates(c);
}

/** Waits until the detached csp merge-file --finish has emptied the log (at most 20 s). */
async function finished(c: Clone): Promise<void> {
  const log = join(c.dir, '.git/csp/merge-log.json');
  for (let i = 0; i < 400; i++) {
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    if (!/"renames": \[$/m.test(text) && !existsSync(join(c.dir, '.git/csp/finish.lock'))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`csp merge-file --finish did not run: ${readFileSync(log, 'utf8')}`);
}

describe('ids renumbered by a cherry-pick or a stash pop: references in the other files follow', () => {
  it.each([false, true])(
    'git cherry-pick (stopped for a person: %s): the picked items are renumbered, the decision log and the tracker follow',
    async (conflict) => {
      const c = await clone();
      c.git('checkout', '-q', '-b', 'side');
      const idB = await addWork(c, 'B', true);
      if (conflict) await c.csp('set', 'acme', 'customer_context.industry', 'Side industry');
      c.git('add', '-A');
      expect(c.git('commit', '-q', '-m', 'B').status).toBe(0);
      c.git('checkout', '-q', 'main');
      const idA = await addWork(c, 'A', false);
      expect(idA).toBe(idB);
      if (conflict) await c.csp('set', 'acme', 'customer_context.industry', 'Main industry');
      c.git('add', '-A');
      expect(c.git('commit', '-q', '-m', 'A').status).toBe(0);
      const pick = c.git('cherry-pick', 'side');
      expect(pick.out).toContain(`both sides added ${idA}; HEAD keeps it, the picked commit's is now`);
      if (conflict) {
        expect(pick.status, pick.out).not.toBe(0);
        const resolved = c.read(PLAN).replace(/^<{7}[^\n]*\n([\s\S]*?)^={7}[^\n]*\n[\s\S]*?^>{7}[^\n]*\n/m, '$1');
        writeFileSync(join(c.dir, PLAN), resolved);
        expect(c.git('add', PLAN).status).toBe(0);
        const cont = c.git('cherry-pick', '--continue');
        expect(cont.status, cont.out).toBe(0);
        expect(parse(c.read(PLAN)).customer_context.industry).toBe('Main industry');
      } else expect(pick.status, pick.out).toBe(0);
      await followed(c, idA, 'B');
      expect(c.git('status', '--porcelain').out.trim()).toBe('');
      expect(c.git('log', '-1', '--format=%s').out).toContain('references follow the ids the cherry-pick renumbered');
      expect(c.git('log', '-1', '--format=%s', 'HEAD~1').out.trim()).toBe('B');
      // Nothing else changed: the fix-up commit touches the tracker alone.
      expect(c.git('diff', '--name-only', 'HEAD~1', 'HEAD').out.trim()).toBe(TRACKER);
    },
    240_000,
  );

  it('a cherry-pick without csp hooks (another core.hooksPath): csp validate names the pending renames and csp merge-file --finish, as hinted, applies them', async () => {
    const c = await clone();
    c.git('checkout', '-q', '-b', 'side');
    await addWork(c, 'B', true);
    c.git('add', '-A');
    expect(c.git('commit', '-q', '-m', 'B').status).toBe(0);
    c.git('checkout', '-q', 'main');
    const idA = await addWork(c, 'A', false);
    c.git('add', '-A');
    expect(c.git('commit', '-q', '-m', 'A').status).toBe(0);
    mkdirSync(join(c.dir, 'no-hooks'));
    const pick = c.git('-c', `core.hooksPath=${join(c.dir, 'no-hooks')}`, 'cherry-pick', 'side');
    expect(pick.status, pick.out).toBe(0);
    const before = await runCsp(['validate', '--json'], { cwd: c.dir });
    const pending = JSON.parse(before.stdout).interrupted as Array<{ code: string; message: string; hint: string }>;
    expect(pending.map((i) => i.code)).toEqual(['merge-renames-pending']);
    expect(pending[0].message).toContain('git cherry-pick renumbered ids');
    const command = /run (csp merge-file --finish) in this clone/.exec(pending[0].hint)?.[1];
    expect(command).toBe('csp merge-file --finish');
    // Run twice at once (a person and a hook): one applies the renames, the other finds nothing left.
    await Promise.all([c.csp(...command!.split(' ').slice(1)), c.csp(...command!.split(' ').slice(1))]);
    await followed(c, idA, 'B');
    expect(c.git('log', '-2', '--format=%s').out.trim().split('\n')).toEqual([
      expect.stringContaining('references follow the ids the cherry-pick renumbered'),
      'B',
    ]);
    expect(c.git('status', '--porcelain').out.trim()).toBe('');
    const after = await runCsp(['validate', '--json'], { cwd: c.dir });
    expect(JSON.parse(after.stdout).interrupted).toEqual([]);
  }, 240_000);

  it.each(['pop', 'apply'])(
    'git stash %s: the stash items are renumbered, the decision log and the tracker follow in the work tree',
    async (action) => {
      const c = await clone();
      const idS = await addWork(c, 'S', true);
      expect(c.git('stash', '-q').status).toBe(0);
      const idA = await addWork(c, 'A', false);
      expect(idA).toBe(idS);
      c.git('add', '-A');
      expect(c.git('commit', '-q', '-m', 'A').status).toBe(0);
      const head = c.git('rev-parse', 'HEAD').out.trim();
      const pop = c.git('stash', action);
      expect(pop.status, pop.out).toBe(0);
      expect(pop.out).toContain(`both sides added ${idA}; HEAD keeps it, the stash's is now`);
      await finished(c);
      await followed(c, idA, 'S');
      // Nothing committed; the stash's work is in the work tree, uncommitted, as before.
      expect(c.git('rev-parse', 'HEAD').out.trim()).toBe(head);
      expect(
        c
          .git('status', '--porcelain')
          .out.split('\n')
          .filter(Boolean)
          .map((l) => l.slice(3))
          .sort(),
      ).toEqual([LOG, TRACKER, PLAN].sort());
      expect(c.git('stash', 'list').out.trim() === '').toBe(action === 'pop');
    },
    240_000,
  );
});
