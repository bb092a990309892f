import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCsp } from '../helpers/cli.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';
import { addAccounts, hubPath, committedPlanRepo } from '../helpers/infohub.js';

const planRepo = (): TempRepo => committedPlanRepo('acme');

const csp = (repo: TempRepo, args: string[], env: Record<string, string> = {}) => runCsp(args, { cwd: repo.dir, env });
const historyFiles = (repo: TempRepo) => readdirSync(repo.path(hubPath('acme', 'history'))).sort();

describe('csp snapshot', () => {
  it('numbers three snapshots v1..v3, each in its own commit, and leaves what the user staged staged and out of it', async () => {
    const repo = planRepo();
    repo.write('notes.txt', 'my own work in progress\n');
    repo.git('add', 'notes.txt');
    for (const day of [21, 22, 23]) {
      const run = await csp(repo, ['snapshot', 'acme', '-m', `day ${day}`, '--force'], { CSP_NOW: `2026-11-${day}` });
      expect(run.code, run.stderr).toBe(0);
    }
    expect(historyFiles(repo)).toEqual(['csp_v1_2026-11-21.yaml', 'csp_v2_2026-11-22.yaml', 'csp_v3_2026-11-23.yaml']);
    expect(repo.git('log', '--format=%s', '-3').trim().split('\n')).toEqual([
      'csp(acme): snapshot v3 in finalize - day 23',
      'csp(acme): snapshot v2 in finalize - day 22',
      'csp(acme): snapshot v1 in finalize - day 21',
    ]);
    expect(repo.git('diff', '--cached', '--name-only').trim()).toBe('notes.txt');
    expect(repo.git('log', '--all', '--format=%h', '--', 'notes.txt').trim()).toBe('');
    expect(repo.read(`${hubPath('acme', 'history')}/csp_v1_2026-11-21.yaml`)).toBe(repo.read(hubPath('acme', 'csp')));
  });

  it('gives two snapshots on the same day two versions', async () => {
    const repo = planRepo();
    expect((await csp(repo, ['snapshot', 'acme'])).code).toBe(0);
    expect((await csp(repo, ['snapshot', 'acme', '--force'])).code).toBe(0);
    expect(historyFiles(repo)).toEqual(['csp_v1_2026-11-22.yaml', 'csp_v2_2026-11-22.yaml']);
  });
});

describe('csp history and csp diff', () => {
  /** v1: the fixture; v2: + milestone ms-4; v3: a new owner. */
  async function threeVersions(): Promise<TempRepo> {
    const repo = planRepo();
    expect((await csp(repo, ['snapshot', 'acme'], { CSP_NOW: '2026-11-20' })).code).toBe(0);
    const add = await csp(
      repo,
      ['add', 'milestone', 'acme', '--phase', 'ph-2', '--title', 'Go live', '--due', '2027-01-04', '--owner', 'sh-1'],
      { CSP_NOW: '2026-11-21' },
    );
    expect(add.code, add.stderr).toBe(0);
    expect((await csp(repo, ['snapshot', 'acme'], { CSP_NOW: '2026-11-21' })).code).toBe(0);
    const set = await csp(repo, ['set', 'acme', 'meta.owner.name', 'Dana Cruz'], { CSP_NOW: '2026-11-22' });
    expect(set.code, set.stderr).toBe(0);
    expect((await csp(repo, ['snapshot', 'acme'], { CSP_NOW: '2026-11-22' })).code).toBe(0);
    return repo;
  }

  it('lists version, date, phase, status, author and commit, in text and JSON', async () => {
    const repo = await threeVersions();
    const hashes = repo.git('log', '--format=%H', '-3').trim().split('\n').reverse();
    const json = await csp(repo, ['history', 'acme', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.json().versions.map((v: any) => [v.version, v.date, v.phase, v.status, v.author, v.commit])).toEqual([
      [1, '2026-11-20', 'finalize', 'pending_review', 'Test SA', hashes[0]],
      [2, '2026-11-21', 'finalize', 'pending_review', 'Test SA', hashes[1]],
      [3, '2026-11-22', 'finalize', 'pending_review', 'Test SA', hashes[2]],
    ]);
    const text = await csp(repo, ['history', 'acme']);
    expect(text.stdout).toMatch(/^version\s+date\s+phase\s+status\s+author\s+commit$/m);
    expect(text.stdout).toMatch(
      new RegExp(`^v3\\s+2026-11-22\\s+finalize\\s+pending_review\\s+Test SA\\s+${hashes[2].slice(0, 8)}$`, 'm'),
    );
  });

  it('shows between v1 and v3 the added milestone and the changed owner', async () => {
    const repo = await threeVersions();
    const text = await csp(repo, ['diff', 'acme', 'v1', 'v3']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('acme: v1 (2026-11-20) -> v3 (2026-11-22)');
    expect(text.stdout).toMatch(/^milestones\n {2}\+ ms-4 Go live \(phase ph-2, due 2027-01-04, owner sh-1/m);
    expect(text.stdout).toMatch(/^meta\n(.*\n)* {2}~ owner\.name: Priya Natarajan -> Dana Cruz$/m);
    const json = (await csp(repo, ['diff', 'acme', 'v1', 'v3', '--json'])).json();
    const section = (name: string) => json.sections.find((s: any) => s.section === name);
    expect(section('milestones').changes).toEqual([
      expect.objectContaining({ change: 'added', id: 'ms-4', label: 'Go live' }),
    ]);
    expect(section('meta').changes).toContainEqual({
      change: 'changed',
      field: 'owner.name',
      before: 'Priya Natarajan',
      after: 'Dana Cruz',
    });
    expect(json.identical).toBe(false);
  });

  it('compares a version with the working plan by default, and says when nothing differs', async () => {
    const repo = await threeVersions();
    const same = await csp(repo, ['diff', 'acme', 'v3']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('v3 (2026-11-22) -> working');
    expect(same.stdout).toContain('no differences');
    const run = await csp(repo, ['set', 'acme', 'risks.0.status', 'mitigating']);
    expect(run.code, run.stderr).toBe(0);
    const changed = await csp(repo, ['diff', 'acme', 'v3', 'working']);
    expect(changed.stdout).toMatch(
      /^risks\n {2}~ rk-1 Single-threaded through the champion: status: open -> mitigating$/m,
    );
  });

  it('refuses an unknown version with exit 2 and the list to choose from', async () => {
    const repo = await threeVersions();
    const run = await csp(repo, ['diff', 'acme', 'v9']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('there is no v9');
    expect(run.stderr).toContain('csp_v3_2026-11-22.yaml');
  });
});

describe('two branches that each took a snapshot', () => {
  it('merge without losing either: history shows both v2 in commit order and the next snapshot is v3', async () => {
    const repo = planRepo();
    expect((await csp(repo, ['snapshot', 'acme'], { CSP_NOW: '2026-11-19' })).code).toBe(0);
    repo.git('switch', '-q', '-c', 'feature');
    // The feature branch's snapshot is named for an earlier day but committed later than main's.
    const late = { GIT_AUTHOR_DATE: '2021-01-02T10:00:00Z', GIT_COMMITTER_DATE: '2021-01-02T10:00:00Z' };
    const early = { GIT_AUTHOR_DATE: '2021-01-01T10:00:00Z', GIT_COMMITTER_DATE: '2021-01-01T10:00:00Z' };
    expect(
      (await csp(repo, ['snapshot', 'acme', '-m', 'feature', '--force'], { CSP_NOW: '2026-11-20', ...late })).code,
    ).toBe(0);
    repo.git('switch', '-q', 'main');
    expect(
      (await csp(repo, ['snapshot', 'acme', '-m', 'main', '--force'], { CSP_NOW: '2026-11-21', ...early })).code,
    ).toBe(0);
    repo.git('merge', '-q', '--no-edit', 'feature');
    expect(historyFiles(repo)).toEqual(['csp_v1_2026-11-19.yaml', 'csp_v2_2026-11-20.yaml', 'csp_v2_2026-11-21.yaml']);

    const history = (await csp(repo, ['history', 'acme', '--json'])).json();
    expect(history.versions.map((v: any) => [v.version, v.date, v.duplicate])).toEqual([
      [1, '2026-11-19', false],
      [2, '2026-11-21', true],
      [2, '2026-11-20', true],
    ]);
    const next = await csp(repo, ['snapshot', 'acme', '--force'], { CSP_NOW: '2026-11-22' });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout).toContain('snapshot v3');

    const ambiguous = await csp(repo, ['diff', 'acme', 'v2']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('v2 is ambiguous');
    expect(ambiguous.stderr).toContain('csp_v2_2026-11-20.yaml');
    const byName = await csp(repo, ['diff', 'acme', 'csp_v2_2026-11-20.yaml', 'csp_v2_2026-11-21']);
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toContain('no differences');
  });
});

describe('csp restore', () => {
  async function twoVersionsAndAnEdit(): Promise<TempRepo> {
    const repo = planRepo();
    expect((await csp(repo, ['snapshot', 'acme'], { CSP_NOW: '2026-11-20' })).code).toBe(0);
    expect(
      (
        await csp(repo, [
          'add',
          'risk',
          'acme',
          '--title',
          'Budget freeze',
          '--probability',
          'low',
          '--impact',
          'high',
          '--mitigation',
          'Early PO',
          '--owner',
          'sh-1',
        ])
      ).code,
    ).toBe(0);
    expect((await csp(repo, ['snapshot', 'acme'], { CSP_NOW: '2026-11-21' })).code).toBe(0);
    expect((await csp(repo, ['set', 'acme', 'customer_context.segment', 'Mid-Market'])).code).toBe(0);
    return repo;
  }

  it('never replaces silently: without a terminal it needs --yes and says what would be replaced', async () => {
    const repo = await twoVersionsAndAnEdit();
    const before = repo.read(hubPath('acme', 'csp'));
    const run = await csp(repo, ['restore', 'acme', 'v1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'Restoring v1 (infohub/acme/success_plan/csp_history/csp_v1_2026-11-20.yaml) replaces the working plan infohub/acme/success_plan/csp.yaml',
    );
    expect(run.stderr).toMatch(/- rk-2 Budget freeze .*removed/);
    expect(run.stderr).toContain('~ segment: Mid-Market -> Enterprise');
    expect(run.stderr).toContain('has changes that no commit holds: they will be lost');
    expect(run.stderr).toContain('--yes');
    expect(repo.read(hubPath('acme', 'csp'))).toBe(before);

    const dry = await csp(repo, ['restore', 'acme', 'v1', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('Restoring v1');
    expect(repo.read(hubPath('acme', 'csp'))).toBe(before);
  });

  it('with --yes writes the version back byte for byte, uncommitted, and a second run has nothing to do', async () => {
    const repo = await twoVersionsAndAnEdit();
    const run = await csp(repo, ['restore', 'acme', 'v1', '--yes']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('restored v1');
    expect(repo.read(hubPath('acme', 'csp'))).toBe(repo.read(`${hubPath('acme', 'history')}/csp_v1_2026-11-20.yaml`));
    expect(repo.git('status', '--porcelain').trim()).toBe(`M ${hubPath('acme', 'csp')}`);
    const again = await csp(repo, ['restore', 'acme', 'v1', '--yes', '--json']);
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({ restored: false, current: true });
  });
});

describe('git states a user meets', () => {
  it('outside a git repository: exit 3 with the fix', async () => {
    const repo = tempRepo();
    addAccounts(repo, 'acme');
    const { rmSync } = await import('node:fs');
    rmSync(repo.path('.git'), { recursive: true, force: true });
    for (const args of [
      ['history', 'acme'],
      ['snapshot', 'acme'],
      ['validate', '--staged'],
      ['hook', 'install'],
    ]) {
      const run = await csp(repo, args);
      expect(run.code, args.join(' ')).toBe(3);
      expect(run.stderr, args.join(' ')).toContain('is not in a git repository');
      expect(run.stderr, args.join(' ')).toMatch(/hint: .*(git init|inside the)/);
    }
  });

  it('a repository with no commits yet: history is empty, and the first snapshot is the first commit', async () => {
    const repo = tempRepo({}, { commit: false });
    addAccounts(repo, 'acme');
    const empty = await csp(repo, ['history', 'acme']);
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stdout).toContain('acme: no versions yet');
    const snap = await csp(repo, ['snapshot', 'acme']);
    expect(snap.code, snap.stderr).toBe(0);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
    expect((await csp(repo, ['history', 'acme', '--json'])).json().versions).toHaveLength(1);
  });

  it('a detached HEAD: the snapshot is committed, with a warning to keep it on a branch', async () => {
    const repo = planRepo();
    repo.git('checkout', '-q', '--detach');
    const run = await csp(repo, ['snapshot', 'acme']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('HEAD is detached');
    expect(run.stderr).toContain('git switch -c');
    expect(repo.git('log', '-1', '--format=%s')).toContain('snapshot v1');
  });

  it('a merge in progress with a conflict in the plan: snapshot refused (exit 3), validate names the conflict marker lines', async () => {
    const repo = planRepo();
    repo.git('switch', '-q', '-c', 'other');
    expect((await csp(repo, ['set', 'acme', 'customer_context.segment', 'SMB'])).code).toBe(0);
    repo.git('commit', '-q', '-am', 'segment SMB');
    repo.git('switch', '-q', 'main');
    expect((await csp(repo, ['set', 'acme', 'customer_context.segment', 'Mid-Market'])).code).toBe(0);
    repo.git('commit', '-q', '-am', 'segment Mid-Market');
    expect(() => repo.git('merge', '-q', 'other')).toThrow();

    const snap = await csp(repo, ['snapshot', 'acme']);
    expect(snap.code).toBe(3);
    expect(snap.stderr).toContain('a merge is in progress');
    expect(snap.stderr).toContain('git merge --abort');

    const lines = repo.read(hubPath('acme', 'csp')).split('\n');
    const markers = lines.flatMap((l, i) => (/^(<{7}|={7}|>{7})/.test(l) ? [i + 1] : []));
    expect(markers).toHaveLength(3);
    const validate = await csp(repo, ['validate', hubPath('acme', 'csp')]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain(
      `${hubPath('acme', 'csp')}:${markers[0]}:1: error unresolved git merge conflict markers on lines ${markers.join(', ')}`,
    );

    const staged = await csp(repo, ['validate', '--staged']);
    expect(staged.code).toBe(1);
    expect(staged.stdout).toContain(`${hubPath('acme', 'csp')} (working file): unresolved merge conflict`);
    expect(staged.stdout).toContain('[git-conflict-markers]');

    const sync = await csp(repo, ['sync', 'acme']);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toContain(`unresolved git merge conflict markers on lines ${markers.join(', ')}`);
  });

  it('no user.name: a clear message and exit 3 before anything is written', async () => {
    const repo = planRepo();
    repo.git('config', '--unset', 'user.name');
    const run = await csp(repo, ['snapshot', 'acme']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('git does not know who you are (user.name is not set)');
    expect(run.stderr).toContain('git config user.name');
    expect(() => readdirSync(repo.path(hubPath('acme', 'history')))).toThrow();
  });
});

describe('snapshot content', () => {
  it('keeps the plan byte for byte, comments included', async () => {
    const repo = planRepo();
    expect((await csp(repo, ['snapshot', 'acme'])).code).toBe(0);
    const snap = readFileSync(repo.path(`${hubPath('acme', 'history')}/csp_v1_2026-11-22.yaml`), 'utf8');
    expect(snap).toContain('# internal only');
    expect(snap).toBe(repo.read(hubPath('acme', 'csp')));
  });
});
