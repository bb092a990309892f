/**
 * Renumbering across files and across the steps of a rebase, end to end (issue 20): two clones of
 * one bare remote, set up with csp hook install, each adding items with the same ids.
 * - A rebase replays two local commits: the first adds an action (renumbered, upstream took its
 *   id), the second marks it done: the mark follows the renumbered action, not the upstream one.
 * - Both add an objective and a decision linked to it, a milestone, and sync the tracker: after
 *   the pull (merge, and rebase), ours' decision links ours' objective under its new id, ours'
 *   tracker item follows ours' milestone's new id, and every reference resolves.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/repo.js';
import { hubPath } from '../helpers/infohub.js';
import {
  addObjective,
  addWork,
  cloneIn,
  configUser,
  decisionLinks,
  gitIn,
  LOG,
  milestoneIds,
  objectiveIds,
  PLAN,
  setUpAcme,
  TRACKER,
  validates,
  type Clone,
} from './team-clones.js';

/** Two clones of one bare remote, with csp hooks; the first pushed the acme account. */
async function team(): Promise<[Clone, Clone]> {
  const root = tempDir('csp-links-');
  gitIn(root, ['init', '-q', '--bare', '-b', 'main', 'remote.git']);
  const clones: Clone[] = [];
  for (let i = 0; i < 2; i++) {
    const dir = join(root, `clone${i}`);
    gitIn(root, ['clone', '-q', 'remote.git', dir]);
    const c = cloneIn(dir);
    configUser(c, `P${i}`);
    if (i === 0) {
      await setUpAcme(c);
      c.git('add', '-A');
      c.git('commit', '-q', '-m', 'acme');
      c.git('push', '-q', 'origin', 'HEAD:main');
    } else {
      c.git('pull', '-q', 'origin', 'main');
      await c.csp('hook', 'install');
    }
    clones.push(c);
  }
  return clones as [Clone, Clone];
}

const commitAll = (c: Clone, message: string) => expect(c.git('commit', '-q', '-am', message).status).toBe(0);
const actions = (c: Clone) =>
  (
    parse(c.read(PLAN)).adoption_journey.phases as Array<{
      actions?: Array<{ id: string; what: string; status: string }>;
    }>
  ).flatMap((p) => p.actions ?? []);

const decisionOf = (c: Clone, text: string) =>
  (parse(c.read(LOG)).decisions as Array<{ decision: string; objective: string }>).find((d) => d.decision === text)!;

describe('ids renumbered by a merge, across the steps of a rebase and across files', () => {
  it('a rebase replaying "add an action" then "mark it done": the mark follows the renumbered action', async () => {
    const [a, b] = await team();
    await b.csp(
      'add',
      'action',
      'acme',
      '--phase',
      'ph-1',
      '--what',
      'Upstream action',
      '--who',
      'sh-1',
      '--when',
      '2026-12-15',
    );
    commitAll(b, 'B adds an action');
    expect(b.git('push', '-q', 'origin', 'HEAD:main').status).toBe(0);
    const added = (
      await a.csp(
        'add',
        'action',
        'acme',
        '--phase',
        'ph-1',
        '--what',
        'Local action',
        '--who',
        'sh-1',
        '--when',
        '2026-12-15',
      )
    )
      .trim()
      .split('\n')[0];
    commitAll(a, 'A adds an action');
    const id = actions(a).find((x) => x.what === 'Local action')!.id;
    expect(added).toContain(id);
    await a.csp('set', 'acme', `adoption_journey.phases.ph-1.actions.${id}.status`, 'done');
    commitAll(a, 'A marks it done');
    const pull = a.git('pull', '--rebase', 'origin', 'main');
    expect(pull.status, pull.out).toBe(0);
    expect(pull.out).toContain(`both sides added ${id}`);
    const after = actions(a);
    expect(after.filter((x) => x.what === 'Upstream action').map((x) => [x.id, x.status])).toEqual([[id, 'open']]);
    const local = after.filter((x) => x.what === 'Local action');
    expect(local).toHaveLength(1);
    expect(local[0].id).not.toBe(id);
    expect(local[0].status).toBe('done');
    await validates(a);
  }, 240_000);

  it.each(['--no-rebase', '--rebase'])(
    'git pull %s: a decision and a tracker item follow the plan ids they point at',
    async (mode) => {
      const [a, b] = await team();
      const both = async (c: Clone, who: string) => {
        const obj = await addWork(c, who, true);
        c.git('add', '-A');
        commitAll(c, `${who} adds`);
        return obj;
      };
      const objB = await both(b, 'B');
      expect(b.git('push', '-q', 'origin', 'HEAD:main').status).toBe(0);
      const objA = await both(a, 'A');
      expect(objA).toBe(objB);
      const pull = a.git('pull', mode, '--no-edit', 'origin', 'main');
      expect(pull.status, pull.out).toBe(0);
      const objectives = objectiveIds(a);
      const milestones = milestoneIds(a);
      expect(objectives.get('Objective of A')).not.toBe(objectives.get('Objective of B'));
      const decisions = decisionLinks(a);
      expect(decisions.get('Decision of A')).toBe(objectives.get('Objective of A'));
      expect(decisions.get('Decision of B')).toBe(objectives.get('Objective of B'));
      const tracker = parse(a.read(TRACKER)).actions as Array<{ id: string; title: string; source?: string }>;
      for (const who of ['A', 'B']) {
        const ms = milestones.get(`Milestone of ${who}`)!;
        expect(tracker.filter((t) => t.title === `Milestone of ${who}`).map((t) => [t.id, t.source])).toEqual([
          [ms, `csp#milestone/${ms}`],
        ]);
      }
      await validates(a);
      // csp sync finds nothing to do: the tracker did not drift from the plan.
      expect(await a.csp('sync', 'acme', '--dry-run', '--json')).not.toMatch(/"action": "(add|conflict)"/);
    },
    240_000,
  );

  it.each(['--no-rebase', '--rebase'])(
    'git pull %s: two clones took snapshot v1 on one day: both are kept (the local one as v2), committed, no person needed',
    async (mode) => {
      const [a, b] = await team();
      await b.csp('set', 'acme', 'customer_context.industry', 'Upstream industry');
      await b.csp('snapshot', 'acme', '-m', 'B');
      expect(b.git('push', '-q', 'origin', 'HEAD:main').status).toBe(0);
      await a.csp('set', 'acme', 'customer_context.segment', 'Local segment');
      await a.csp('snapshot', 'acme', '-m', 'A');
      const pull = a.git('pull', mode, '--no-edit', 'origin', 'main');
      expect(pull.status, pull.out).toBe(0);
      const history = hubPath('acme', 'history');
      const v1 = `${history}/csp_v1_2026-11-24.yaml`;
      const v2 = `${history}/csp_v2_2026-11-24.yaml`;
      expect(pull.out).toContain(`is now ${v2}`);
      expect(a.git('ls-files', '--', history).out.trim().split('\n').sort()).toEqual([v1, v2]);
      expect(a.git('status', '--porcelain').out.trim(), pull.out).toBe('');
      expect(parse(a.read(v1)).customer_context.industry).toBe('Upstream industry');
      expect(parse(a.read(v2)).customer_context.segment).toBe('Local segment');
      expect(parse(a.read(PLAN)).customer_context).toMatchObject({
        industry: 'Upstream industry',
        segment: 'Local segment',
      });
      await validates(a);
    },
    240_000,
  );

  it('git pull --no-rebase: a decision only our side logged, linking our renumbered objective, follows it (post-merge hook)', async () => {
    const [a, b] = await team();
    await addObjective(b, 'B');
    b.git('add', '-A');
    commitAll(b, 'B adds an objective');
    expect(b.git('push', '-q', 'origin', 'HEAD:main').status).toBe(0);
    const objA = await addObjective(a, 'A');
    await a.csp('add', 'decision', 'acme', '--decision', 'Decision of A', '--objective', objA);
    a.git('add', '-A');
    commitAll(a, 'A adds an objective and a decision');
    const pull = a.git('pull', '--no-rebase', '--no-edit', 'origin', 'main');
    expect(pull.status, pull.out).toBe(0);
    const objectives = objectiveIds(a);
    expect(objectives.get('Objective of B')).toBe(objA);
    expect(decisionOf(a, 'Decision of A').objective).toBe(objectives.get('Objective of A'));
    expect(a.git('status', '--porcelain').out.trim(), pull.out).toBe('');
    expect(a.git('log', '-1', '--format=%s').out).toContain('references follow the ids the merge renumbered');
    await validates(a);
  }, 240_000);

  it('git pull --rebase: a decision only the rebased commits logged, linking their renumbered objective, follows it (post-rewrite hook)', async () => {
    const [a, b] = await team();
    await addObjective(a, 'A');
    commitAll(a, 'A adds an objective');
    expect(a.git('push', '-q', 'origin', 'HEAD:main').status).toBe(0);
    const objB = await addObjective(b, 'B');
    await b.csp('add', 'decision', 'acme', '--decision', 'Decision of B', '--objective', objB);
    b.git('add', '-A');
    commitAll(b, 'B adds an objective and a decision');
    await b.csp('set', 'acme', 'customer_context.segment', 'B segment');
    commitAll(b, 'B sets the segment');
    const pull = b.git('pull', '--rebase', 'origin', 'main');
    expect(pull.status, pull.out).toBe(0);
    const objectives = objectiveIds(b);
    expect(objectives.get('Objective of A')).toBe(objB);
    expect(objectives.get('Objective of B')).not.toBe(objB);
    expect(decisionOf(b, 'Decision of B').objective).toBe(objectives.get('Objective of B'));
    expect(b.git('status', '--porcelain').out.trim(), pull.out).toBe('');
    expect(b.git('log', '-1', '--format=%s').out).toContain('references follow the ids the rebase renumbered');
    expect(b.git('log', '--format=%s', 'origin/main..HEAD').out.trim().split('\n')).toHaveLength(3);
    await validates(b);
  }, 240_000);

  it('a merge that stopped for a person: once the person commits, a decision only our side logged follows our renumbered objective (post-commit hook)', async () => {
    const [a, b] = await team();
    await addObjective(b, 'B');
    await b.csp('set', 'acme', 'customer_context.industry', 'Upstream industry');
    commitAll(b, 'B adds an objective');
    expect(b.git('push', '-q', 'origin', 'HEAD:main').status).toBe(0);
    const objA = await addObjective(a, 'A');
    await a.csp('add', 'decision', 'acme', '--decision', 'Decision of A', '--objective', objA);
    await a.csp('set', 'acme', 'customer_context.industry', 'Local industry');
    a.git('add', '-A');
    commitAll(a, 'A adds an objective and a decision');
    const pull = a.git('pull', '--no-rebase', '--no-edit', 'origin', 'main');
    expect(pull.status, pull.out).not.toBe(0);
    expect(a.read(PLAN)).toMatch(/^<{7}/m);
    // The person keeps ours' line: the conflict markers and theirs' line go.
    const resolved = a.read(PLAN).replace(/^<{7}[^\n]*\n([\s\S]*?)^={7}[^\n]*\n[\s\S]*?^>{7}[^\n]*\n/m, '$1');
    writeFileSync(join(a.dir, PLAN), resolved);
    expect(a.git('add', PLAN).status).toBe(0);
    const commit = a.git('commit', '--no-edit');
    expect(commit.status, commit.out).toBe(0);
    const objectives = objectiveIds(a);
    expect(objectives.get('Objective of B')).toBe(objA);
    expect(decisionOf(a, 'Decision of A').objective).toBe(objectives.get('Objective of A'));
    expect(parse(a.read(PLAN)).customer_context.industry).toBe('Local industry');
    expect(a.git('status', '--porcelain').out.trim(), commit.out).toBe('');
    expect(a.git('log', '-1', '--format=%s').out).toContain('references follow the ids the merge renumbered');
    expect(a.git('rev-parse', '-q', '--verify', 'HEAD~1^2').status).toBe(0);
    await validates(a);
  }, 240_000);

  it('git pull --rebase over a step that left the plan alone: the next step edits the renumbered objective, not the upstream one', async () => {
    const [a, b] = await team();
    await addObjective(a, 'A');
    commitAll(a, 'A adds an objective');
    expect(a.git('push', '-q', 'origin', 'HEAD:main').status).toBe(0);
    const objB = await addObjective(b, 'B');
    commitAll(b, 'B adds an objective');
    await b.csp('add', 'decision', 'acme', '--decision', 'Decision of B', '--objective', objB);
    b.git('add', '-A');
    commitAll(b, 'B logs a decision');
    await b.csp('set', 'acme', `business_outcomes.objectives.${objB}.statement`, 'Objective of B, edited');
    commitAll(b, 'B edits its objective');
    const pull = b.git('pull', '--rebase', 'origin', 'main');
    expect(pull.status, pull.out).toBe(0);
    const objectives = objectiveIds(b);
    expect(objectives.get('Objective of A')).toBe(objB);
    const renumbered = objectives.get('Objective of B, edited');
    expect(renumbered).toBeDefined();
    expect(renumbered).not.toBe(objB);
    expect(objectives.size).toBe(new Set(objectives.values()).size);
    expect(decisionOf(b, 'Decision of B').objective).toBe(renumbered);
    expect(b.git('status', '--porcelain').out.trim(), pull.out).toBe('');
    await validates(b);
  }, 240_000);
});
