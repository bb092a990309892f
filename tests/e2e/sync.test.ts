import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCsp } from '../helpers/cli.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';
import { addAccounts, hubPath } from '../helpers/infohub.js';

const csp = (repo: TempRepo, args: string[], env: Record<string, string> = {}) => runCsp(args, { cwd: repo.dir, env });

/** A tracker someone keeps by hand: a comment, their own item with an extra field. */
const HAND_TRACKER = `# yaml-language-server: $schema=../.csp/schemas/action_tracker.schema.json
schema_version: 1
account: acme

# Weekly call with the customer: walk through this list top to bottom.
actions:
  - id: act-1
    title: Order test laptops   # for the pilot users
    owner: Sarah Chen
    status: open
    budget_code: CS-2027-14
`;

function syncRepo(tracker = HAND_TRACKER): TempRepo {
  const repo = tempRepo();
  addAccounts(repo, 'acme');
  repo.write(hubPath('acme', 'action_tracker'), tracker);
  return repo;
}

const stamp = (repo: TempRepo, file: 'action_tracker' | 'risk_register') => {
  const s = statSync(repo.path(hubPath('acme', file)));
  return { mtime: s.mtimeMs, ino: s.ino, bytes: repo.read(hubPath('acme', file)) };
};

/** Replaces one line of a file (exactly once). */
function editLine(repo: TempRepo, file: string, from: RegExp, to: string): void {
  const text = repo.read(file);
  expect(text).toMatch(from);
  repo.write(file, text.replace(from, to));
}

describe('csp sync', () => {
  it('copies milestones and risks keyed by source, keeps a hand-added item and the comments, and a second run writes nothing', async () => {
    const repo = syncRepo();
    const first = await csp(repo, ['sync', 'acme']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('+ ms-1 Kickoff held: new milestone in the CSP');
    expect(first.stdout).toContain('infohub/acme/risk_register.yaml (created): 1 change');

    const tracker = repo.read(hubPath('acme', 'action_tracker'));
    expect(tracker).toContain('# Weekly call with the customer: walk through this list top to bottom.');
    expect(tracker).toContain(
      '    title: Order test laptops   # for the pilot users\n    owner: Sarah Chen\n    status: open\n    budget_code: CS-2027-14\n',
    );
    expect(tracker).toMatch(
      /- id: ms-2\n {4}title: CRM sync live\n {4}owner: Marcus Webb\n {4}due: "2026-12-20"\n {4}status: not_started\n {4}source: csp#milestone\/ms-2\n {4}sync:\n {6}hash: [0-9a-f]{40}\n {6}at: "2026-11-22"\n/,
    );
    expect(repo.read(hubPath('acme', 'risk_register'))).toMatch(
      /- id: rk-1\n {4}title: Single-threaded through the champion\n(.*\n)* {4}source: csp#risk\/rk-1\n/,
    );
    const validate = await csp(repo, ['validate']);
    expect(validate.code, validate.stdout).toBe(0);

    const before = { tracker: stamp(repo, 'action_tracker'), register: stamp(repo, 'risk_register') };
    await new Promise((r) => setTimeout(r, 20));
    const second = await csp(repo, ['sync', 'acme']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Synced 1 account: 0 files written (everything up to date).');
    expect(stamp(repo, 'action_tracker')).toEqual(before.tracker);
    expect(stamp(repo, 'risk_register')).toEqual(before.register);
  });

  it('copies a CSP change, and a status changed in the tracker when the CSP did not change it back to the CSP', async () => {
    const repo = syncRepo();
    expect((await csp(repo, ['sync'])).code).toBe(0);
    const trackerFile = hubPath('acme', 'action_tracker');
    // ms-1: the CSM moved it on in the tracker, with a comment.
    const text = repo.read(trackerFile);
    const ms1 = text.indexOf('- id: ms-1');
    repo.write(
      trackerFile,
      text.slice(0, ms1) + text.slice(ms1).replace('status: not_started', 'status: in_progress   # started early'),
    );
    // ms-2: the SA moved its due date in the CSP.
    expect(
      (
        await csp(repo, ['set', 'acme', 'adoption_journey.phases.1.milestones.0.due', '2026-12-22'], {
          CSP_NOW: '2026-11-23',
        })
      ).code,
    ).toBe(0);

    const run = await csp(repo, ['sync', 'acme'], { CSP_NOW: '2026-11-23' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('~ ms-2 CRM sync live: changed in the CSP (due: 2026-12-20 -> 2026-12-22)');
    expect(run.stdout).toContain(
      "< ms-1 Kickoff held: changed in the file: copied to the CSP's milestone (status: CSP not_started -> in_progress)",
    );
    expect(repo.read(hubPath('acme', 'csp'))).toMatch(
      /id: ms-1, title: Kickoff held, due: "2026-12-02", owner: sh-3, status: in_progress/,
    );
    const after = repo.read(trackerFile);
    expect(after).toContain('status: in_progress   # started early');
    expect(after).toMatch(/- id: ms-2\n(.*\n)*? {4}due: "2026-12-22"\n/);

    // Next, the CSP changes ms-1's title: copied, and the tracker's status still stands.
    expect(
      (await csp(repo, ['set', 'acme', 'adoption_journey.phases.0.milestones.0.title', 'Kickoff and SSO'])).code,
    ).toBe(0);
    const again = await csp(repo, ['sync', 'acme'], { CSP_NOW: '2026-11-24' });
    expect(again.code, again.stderr).toBe(0);
    expect(repo.read(trackerFile)).toMatch(
      /- id: ms-1\n {4}title: Kickoff and SSO\n(.*\n)*? {4}status: in_progress {3}# started early\n/,
    );
  });

  it('reports a conflicting edit (exit 1) and does not overwrite it; --force takes the CSP values', async () => {
    const repo = syncRepo();
    expect((await csp(repo, ['sync'])).code).toBe(0);
    const register = hubPath('acme', 'risk_register');
    editLine(repo, register, /status: open\n/, 'status: accepted\n');
    expect((await csp(repo, ['set', 'acme', 'risks.0.status', 'mitigating'])).code).toBe(0);
    const bytes = repo.read(register);

    const run = await csp(repo, ['sync', 'acme'], { CSP_NOW: '2026-11-25' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '! rk-1 Single-threaded through the champion: conflict, changed in the CSP and in the file since the last sync (2026-11-22) (status: CSP mitigating, file accepted)',
    );
    expect(run.stderr).toContain('csp sync: 1 conflict (not overwritten)');
    expect(run.stderr).toContain('csp sync --force');
    expect(repo.read(register)).toBe(bytes);

    const json = await csp(repo, ['sync', 'acme', '--json']);
    expect(json.code).toBe(1);
    expect(json.json().accounts[0].targets[1].ops).toEqual([
      expect.objectContaining({
        action: 'conflict',
        id: 'rk-1',
        fields: [{ field: 'status', csp: 'mitigating', file: 'accepted' }],
      }),
    ]);

    const force = await csp(repo, ['sync', 'acme', '--force']);
    expect(force.code, force.stderr).toBe(0);
    expect(repo.read(register)).toContain('status: mitigating');
    expect((await csp(repo, ['sync', 'acme', '--check'])).code).toBe(0);
  });

  it('--check exits 1 and lists what would change, --dry-run prints the plan; neither writes', async () => {
    const repo = syncRepo();
    const tracker = stamp(repo, 'action_tracker');
    const check = await csp(repo, ['sync', '--check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('+ ms-3 First value - health scores for all accounts: new milestone in the CSP');
    expect(check.stdout).toContain('Check of 1 account: 4 changes to write, nothing written.');
    expect(check.stderr).toContain('4 items out of sync');
    const dry = await csp(repo, ['sync', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run of 1 account: 4 changes to write, nothing written.');
    expect(stamp(repo, 'action_tracker')).toEqual(tracker);
    expect(() => statSync(repo.path(hubPath('acme', 'risk_register')))).toThrow();
    expect((await csp(repo, ['sync'])).code).toBe(0);
    const clean = await csp(repo, ['sync', '--check']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('everything up to date');
  });

  it('marks an item whose milestone left the CSP as cancelled, keeping it and its notes', async () => {
    const repo = syncRepo();
    expect((await csp(repo, ['sync'])).code).toBe(0);
    const plan = hubPath('acme', 'csp');
    editLine(repo, plan, /^ {8}- \{ id: ms-3,.*\n/m, '');
    const trackerFile = hubPath('acme', 'action_tracker');
    editLine(repo, trackerFile, /(source: csp#milestone\/ms-3\n)/, '$1    notes: Customer asked to drop this\n');
    const run = await csp(repo, ['sync', 'acme']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'x ms-3 First value - health scores for all accounts: no longer in the CSP: marked cancelled',
    );
    const after = repo.read(trackerFile);
    expect(after).toMatch(
      /- id: ms-3\n(.*\n)*? {4}status: cancelled\n {4}source: csp#milestone\/ms-3\n {4}notes: Customer asked to drop this\n/,
    );
    expect((await csp(repo, ['sync', '--check'])).code).toBe(0);
  });

  it('syncs every account when none is named, and reports a broken file without stopping the others', async () => {
    const repo = tempRepo();
    addAccounts(repo, 'acme', 'globex');
    repo.write(hubPath('globex', 'action_tracker'), 'schema_version: 1\naccount: globex\nactions: [\n');
    const run = await csp(repo, ['sync']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Synced 1 account: 2 files written.');
    expect(run.stderr).toContain('error globex: infohub/globex/action_tracker.yaml cannot be read: fix it first');
    expect(run.stderr).toMatch(/infohub\/globex\/action_tracker\.yaml:\d+:\d+: error YAML syntax error/);
    expect(repo.read(hubPath('acme', 'action_tracker'))).toContain('source: csp#milestone/ms-1');
  });
});
