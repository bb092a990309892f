/**
 * The merge driver end to end (issue 20): clones of one bare remote, each set up with
 * `csp hook install`, editing one plan with csp and merging through git merge, git pull (merge and
 * --rebase), git cherry-pick and git stash pop. Runs the built csp (dist/).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, runCsp } from '../helpers/cli.js';
import { tempDir } from '../helpers/repo.js';
import { fixturePlan, hubPath } from '../helpers/infohub.js';

const PLAN = hubPath('acme', 'csp');

/** One clone: runs git and csp in it. */
interface Clone {
  dir: string;
  git(...args: string[]): { status: number; out: string };
  ok(...args: string[]): string;
  csp(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** The clone's "today" for csp (CSP_NOW). */
  today?: string;
  read(path: string): string;
  write(path: string, text: string): void;
}

function gitIn(dir: string, args: string[]): { status: number; out: string } {
  const run = spawnSync('git', args, {
    cwd: dir,
    env: isolatedEnv(dir),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: run.status ?? 1, out: `${run.stdout}${run.stderr}` };
}

function clone(dir: string): Clone {
  const c: Clone = {
    dir,
    git: (...args) => gitIn(dir, args),
    ok: (...args) => {
      const r = gitIn(dir, args);
      if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${dir}:\n${r.out}`);
      return r.out;
    },
    csp: async (...args) => {
      const r = await runCsp(args, { cwd: dir, env: c.today ? { CSP_NOW: c.today } : {} });
      return { code: r.code, stdout: r.stdout, stderr: r.stderr };
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    write: (path, text) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
  };
  return c;
}

/** A bare remote holding acme's plan (and empty tracker) with csp's .gitattributes, and `n` clones of it, each set up with csp hook install. */
async function team(n: number): Promise<Clone[]> {
  const root = tempDir('csp-team-');
  gitIn(root, ['init', '-q', '--bare', '-b', 'main', 'remote.git']);
  const clones: Clone[] = [];
  for (let i = 0; i < n; i++) {
    const dir = join(root, `clone${i}`);
    gitIn(root, ['clone', '-q', 'remote.git', dir]);
    const c = clone(dir);
    c.ok('config', 'user.name', `Person ${i}`);
    c.ok('config', 'user.email', `p${i}@example.com`);
    c.ok('config', 'commit.gpgsign', 'false');
    c.ok('config', 'pull.rebase', 'false');
    if (i === 0) {
      c.write(PLAN, fixturePlan('acme'));
      const install = await c.csp('hook', 'install');
      expect(install.code, install.stderr).toBe(0);
      c.ok('add', '-A');
      c.ok('commit', '-q', '-m', 'acme plan');
      c.ok('push', '-q', 'origin', 'HEAD:main');
    } else {
      c.ok('pull', '-q', 'origin', 'main');
      const install = await c.csp('hook', 'install');
      expect(install.code, install.stderr).toBe(0);
    }
    clones.push(c);
  }
  return clones;
}

const stakeholders = (c: Clone) =>
  (parse(c.read(PLAN)).stakeholders as Array<{ id: string; name: string }>).map((s) => `${s.id} ${s.name}`);

async function must(c: Clone, ...args: string[]): Promise<string> {
  const r = await c.csp(...args);
  expect(r.code, `csp ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** Both clones add a stakeholder (both get sh-4); B also sets a field. A pushes first. */
async function twoAdds(): Promise<[Clone, Clone]> {
  const [a, b] = await team(2);
  await must(a, 'add', 'stakeholder', 'acme', '--name', 'Ada Admin', '--role', 'admin', '--side', 'customer');
  a.ok('commit', '-q', '-am', 'A adds Ada');
  a.ok('push', '-q', 'origin', 'HEAD:main');
  await must(b, 'add', 'stakeholder', 'acme', '--name', 'Ben Buyer', '--role', 'economic_buyer', '--side', 'customer');
  await must(
    b,
    'add',
    'action',
    'acme',
    '--phase',
    'ph-1',
    '--what',
    'Brief Ben',
    '--who',
    'Ben Buyer',
    '--when',
    '2026-12-01',
  );
  await must(b, 'set', 'acme', 'customer_context.background', 'Background from B');
  b.ok('commit', '-q', '-am', 'B adds Ben');
  return [a, b];
}

/** After the merge: A's stakeholder keeps sh-4 (it was pushed first), B's is sh-5, each there once. */
function expectBothMerged(b: Clone): void {
  const names = stakeholders(b);
  expect(names).toContain('sh-4 Ada Admin');
  expect(names).toContain('sh-5 Ben Buyer');
  const plan = parse(b.read(PLAN));
  expect(plan.customer_context.background).toBe('Background from B');
  const action = plan.adoption_journey.phases[0].actions.find((x: { what: string }) => x.what === 'Brief Ben');
  // Ben's action names him by name: it still resolves; the new stakeholders are each there once.
  expect(action.who).toBe('Ben Buyer');
  expect(names.filter((n) => n.endsWith('Ada Admin'))).toHaveLength(1);
  expect(b.read(PLAN)).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
}

describe('csp merge-file as the git merge driver', () => {
  it('csp hook install registers the driver and writes .gitattributes once, keeping what was there; csp init writes the lines too', async () => {
    const [a] = await team(1);
    expect(a.ok('config', '--get', 'merge.csp.driver')).toContain('merge-file %O %A %B --path %P');
    // In the InfoHub's folder, where csp init writes them too: git applies them to the paths below it.
    const attributes = a.read('infohub/.gitattributes');
    expect(attributes).toContain('**/success_plan/csp.yaml merge=csp');
    expect(attributes).toContain('**/action_tracker.yaml merge=csp');
    a.write('infohub/.gitattributes', `*.png binary\n${attributes}`);
    const again = await a.csp('hook', 'install', '--json');
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).mergeDriver).toMatchObject({ driver: 'unchanged', attributesChanged: false });
    expect(a.read('infohub/.gitattributes')).toBe(`*.png binary\n${attributes}`);
    expect(a.ok('check-attr', 'merge', '--', PLAN).trim()).toBe(`${PLAN}: merge: csp`);
    expect(
      a.ok('check-attr', 'merge', '--', 'infohub/acme/success_plan/csp_history/csp_v1_2026-11-22.yaml').trim(),
    ).toMatch(/merge: csp$/);

    const fresh = clone(tempDir('csp-init-'));
    fresh.ok('init', '-q', '-b', 'main');
    fresh.write('infohub/.gitattributes', '*.pdf binary\n');
    const init = await fresh.csp('init', 'globex', '--name', 'Globex', '--owner', 'Priya Natarajan');
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toContain("Added csp's merge lines to infohub/.gitattributes");
    expect(fresh.read('infohub/.gitattributes')).toMatch(
      /^\*\.pdf binary\n\n# csp: merge csp documents.*\n(.*merge=csp\n){7}$/,
    );
    await must(fresh, 'init', 'initech', '--name', 'Initech', '--owner', 'Priya Natarajan');
    expect(fresh.read('infohub/.gitattributes').match(/merge=csp/g)).toHaveLength(7);
    expect(fresh.ok('check-attr', 'merge', '--', 'infohub/initech/risk_register.yaml').trim()).toBe(
      'infohub/initech/risk_register.yaml: merge: csp',
    );
  });

  it('git pull (merge): two new stakeholders with the same id both arrive, ours renumbered and said so on stderr', async () => {
    const [, b] = await twoAdds();
    const pull = b.git('pull', '--no-rebase', 'origin', 'main');
    expect(pull.status, pull.out).toBe(0);
    expect(pull.out).toContain('both sides added sh-4; theirs keeps it, ours is now sh-5');
    expectBothMerged(b);
    const validate = await b.csp('validate', PLAN);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
  });

  it('git pull --rebase: the commit being replayed is the side renumbered, the upstream keeps its id', async () => {
    const [, b] = await twoAdds();
    const pull = b.git('pull', '--rebase', 'origin', 'main');
    expect(pull.status, pull.out).toBe(0);
    expect(pull.out).toContain('the upstream keeps it, the commit being rebased now has sh-5');
    expectBothMerged(b);
    expect(b.ok('log', '--format=%s').split('\n').slice(0, 2)).toEqual(['B adds Ben', 'A adds Ada']);
  });

  it('git merge and git cherry-pick between branches of one clone', async () => {
    const [a] = await team(1);
    a.ok('checkout', '-q', '-b', 'side');
    await must(
      a,
      'add',
      'risk',
      'acme',
      '--title',
      'Side risk',
      '--probability',
      'low',
      '--impact',
      'low',
      '--mitigation',
      'Watch it',
    );
    a.ok('commit', '-q', '-am', 'side risk');
    const pick = a.ok('rev-parse', 'HEAD').trim();
    a.ok('checkout', '-q', 'main');
    a.today = '2026-11-25';
    await must(
      a,
      'add',
      'risk',
      'acme',
      '--title',
      'Main risk',
      '--probability',
      'low',
      '--impact',
      'medium',
      '--mitigation',
      'Plan B',
    );
    a.ok('commit', '-q', '-am', 'main risk');
    a.ok('branch', 'before-pick');
    const cherry = a.git('cherry-pick', pick);
    expect(cherry.status, cherry.out).toBe(0);
    const risks = (parse(a.read(PLAN)).risks as Array<{ id: string; title: string }>).map((r) => r.title);
    expect(risks.filter((t) => t === 'Side risk' || t === 'Main risk').sort()).toEqual(['Main risk', 'Side risk']);

    a.ok('reset', '-q', '--hard', 'before-pick');
    const merge = a.git('merge', '--no-edit', 'side');
    expect(merge.status, merge.out).toBe(0);
    const merged = parse(a.read(PLAN));
    expect(merged.risks.map((r: { title: string }) => r.title)).toEqual(
      expect.arrayContaining(['Side risk', 'Main risk']),
    );
    expect(new Set(merged.risks.map((r: { id: string }) => r.id)).size).toBe(merged.risks.length);
    // meta.updated changed on both branches (11-22 and 11-25): the later wins.
    expect(merged.meta.updated).toBe('2026-11-25');
  });

  it('git stash pop onto a pulled plan merges the stashed edit, the two new stakeholders each once', async () => {
    const [a, b] = await team(2);
    await must(a, 'set', 'acme', 'customer_context.background', 'From A');
    await must(a, 'add', 'stakeholder', 'acme', '--name', 'Ada Admin', '--role', 'admin', '--side', 'customer');
    a.ok('commit', '-q', '-am', 'A background');
    a.ok('push', '-q', 'origin', 'HEAD:main');
    await must(b, 'add', 'stakeholder', 'acme', '--name', 'Stan Stash', '--role', 'admin', '--side', 'customer');
    b.ok('stash', '-q');
    b.ok('pull', '-q', '--no-rebase', 'origin', 'main');
    const pop = b.git('stash', 'pop');
    expect(pop.status, pop.out).toBe(0);
    const plan = parse(b.read(PLAN));
    expect(plan.customer_context.background).toBe('From A');
    // The pulled (committed, pushed) stakeholder keeps sh-4; the stash's local one moves to sh-5.
    expect(pop.out).toContain("both sides added sh-4; HEAD keeps it, the stash's is now sh-5");
    expect(stakeholders(b)).toEqual(expect.arrayContaining(['sh-4 Ada Admin', 'sh-5 Stan Stash']));
    expect(stakeholders(b)).toHaveLength(5);
  });

  it('a field changed two ways: markers around that field alone, git stops, csp validate names the conflict and how to resolve it', async () => {
    const [a, b] = await team(2);
    await must(a, 'set', 'acme', 'customer_context.industry', 'Retail');
    await must(a, 'add', 'stakeholder', 'acme', '--name', 'Ada Admin', '--role', 'admin', '--side', 'customer');
    a.ok('commit', '-q', '-am', 'A');
    a.ok('push', '-q', 'origin', 'HEAD:main');
    await must(b, 'set', 'acme', 'customer_context.industry', 'Banking');
    await must(b, 'set', 'acme', 'customer_context.segment', 'SMB');
    b.ok('commit', '-q', '-am', 'B');
    const pull = b.git('pull', '--no-rebase', 'origin', 'main');
    expect(pull.status).not.toBe(0);
    expect(pull.out).toContain('customer_context.industry was changed two ways (ours: Banking, theirs: Retail)');
    const text = b.read(PLAN);
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.startsWith('<<<<<<< ours'));
    expect(lines.slice(start, start + 5)).toEqual([
      '<<<<<<< ours (customer_context.industry)',
      expect.stringMatching(/^ {2}industry: Banking/),
      '=======',
      expect.stringMatching(/^ {2}industry: Retail/),
      '>>>>>>> theirs (customer_context.industry)',
    ]);
    expect(text.match(/^<<<<<<< /gm)).toHaveLength(1);
    // Everything else merged: theirs' stakeholder and ours' segment.
    expect(text).toContain('name: Ada Admin');
    expect(text).toMatch(/segment: SMB/);
    const validate = await b.csp('validate', PLAN);
    expect(validate.code).toBe(1);
    expect(validate.stdout + validate.stderr).toContain(`${PLAN}:${start + 1}:1`);
    expect(validate.stdout + validate.stderr).toContain('customer_context.industry');
    expect(validate.stdout + validate.stderr).toMatch(/git add/);
    // Resolving: keep one side, drop the markers.
    b.write(PLAN, [...lines.slice(0, start), lines[start + 3], ...lines.slice(start + 5)].join('\n'));
    const after = await b.csp('validate', PLAN);
    expect(after.code, after.stdout).toBe(0);
  });

  it('a file it cannot merge as data (a side is not YAML) falls back to git merge-file: both sides kept', async () => {
    const [a, b] = await team(2);
    a.write(PLAN, a.read(PLAN).replace('schema_version: 1', 'schema_version: 1\nbroken: [unclosed'));
    a.ok('commit', '-q', '--no-verify', '-am', 'A breaks YAML');
    a.ok('push', '-q', 'origin', 'HEAD:main');
    await must(b, 'set', 'acme', 'customer_context.industry', 'Banking');
    b.ok('commit', '-q', '-am', 'B');
    const pull = b.git('pull', '--no-rebase', 'origin', 'main');
    expect(pull.out).toContain('merged line by line with git merge-file');
    const text = b.read(PLAN);
    expect(text).toContain('broken: [unclosed');
    expect(text).toContain('industry: Banking');
  });
});
