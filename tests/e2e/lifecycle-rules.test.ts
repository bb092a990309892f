/**
 * Issue 15 "Rules that do not hold", one describe per rule, each through the built csp in a temp
 * git repository: an incomplete plan at Stage 4 blocks the proposal; approvals come from a manager
 * and are kept; every --as-of view ignores what came after its date; the handoff moves the work
 * to the CA, confirmed item by item; the portfolio does not flatter.
 */
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { isolatedEnv, ROOT, runCsp, type CspRun } from '../helpers/cli.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';
import { hubFiles, planData, type PlanSpec } from './hub-fixture.js';

const TODAY = '2026-12-05';

async function csp(repo: TempRepo, args: string[], expected = 0, env: Record<string, string> = {}): Promise<CspRun> {
  const run = await runCsp(args, { cwd: repo.dir, env: { CSP_NOW: TODAY, ...env } });
  if (run.code !== expected)
    throw new Error(
      `csp ${args.join(' ')} exited ${run.code}, expected ${expected}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`,
    );
  return run;
}

/** A repository whose InfoHub holds these plans, each changed by `edit` (data in, data out). */
function hub(
  plans: Array<PlanSpec & { edit?: (p: any) => void }>,
  extra: Record<string, unknown> = {},
  config = 'schema_version: 1\n',
): TempRepo {
  const files = hubFiles([], extra);
  files['infohub/.csp.yaml'] = config;
  for (const p of plans) {
    const data = planData(p) as any;
    p.edit?.(data);
    files[`infohub/${p.account}/success_plan/csp.yaml`] = yaml.dump(data, { lineWidth: -1 });
  }
  return tempRepo(files);
}

const plan = (repo: TempRepo, account = 'acme') =>
  yaml.load(repo.read(`infohub/${account}/success_plan/csp.yaml`)) as any;
const errorCodes = (run: CspRun) =>
  run
    .json()
    .files.flatMap((f: any) => f.issues.filter((i: any) => i.severity === 'error').map((i: any) => i.code)) as string[];

describe('rule 1: an incomplete plan at Stage 4 blocks the proposal', () => {
  it('init --stage "Stage 4" creates the plan, but validate --strict fails naming what is missing, status shows it blocked, the hook refuses it', async () => {
    const repo = tempRepo();
    await csp(repo, ['init', 's4', '--name', 'S', '--owner', 'P', '--stage', 'Stage 4', '--arr', '500k']);
    const check = await csp(repo, ['validate', '--strict', '--json'], 1);
    const codes = errorCodes(check);
    expect(codes).toContain('proposal-blocked-objectives-count');
    expect(codes).toContain('proposal-blocked-success-criteria');
    expect(codes.every((c) => c.startsWith('proposal-blocked-'))).toBe(true);
    const text = await csp(repo, ['validate'], 1);
    expect(text.stdout + text.stderr).toContain('the proposal is blocked');
    expect(text.stdout + text.stderr).toContain('fix: csp set s4 customer_context.industry');

    const status = await csp(repo, ['status', 's4']);
    expect(status.stdout).toContain('Proposal blocked');
    expect((await csp(repo, ['status', 's4', '--json'])).json().accounts[0].proposalBlocked.length).toBeGreaterThan(5);
    const portfolio = (await csp(repo, ['status', '--json'])).json();
    expect(portfolio.proposalsBlocked.map((p: any) => p.account)).toEqual(['s4']);
    expect(portfolio.byHealth.healthy.count).toBe(0);

    // filling it in is never refused: each edit goes through while the proposal stays blocked
    await csp(repo, [
      'add',
      'stakeholder',
      's4',
      '--name',
      'Sarah Chen',
      '--title',
      'VP',
      '--role',
      'champion',
      '--side',
      'customer',
    ]);
    await csp(repo, ['add', 'objective', 's4', '--statement', 'Cut QBR preparation to half a day by 2027-06-30']);

    // the pre-commit hook runs the same validation
    await csp(repo, ['hook', 'install']);
    repo.git('add', '-A');
    const commit = spawnSync('git', ['commit', '-m', 'an incomplete Stage 4 plan'], {
      cwd: repo.dir,
      env: isolatedEnv(repo.dir, { CSP_NOW: TODAY }),
      encoding: 'utf8',
    });
    expect(commit.status).not.toBe(0);
    expect(`${commit.stdout}${commit.stderr}`).toContain('proposal-blocked-');
  });

  it('init --from-crm at Stage 4 and csp import still create the plans, and the import summary counts the blocked proposals', async () => {
    const repo = tempRepo();
    cpSync(join(ROOT, 'tests/fixtures/crm/sf-apex-recipes'), join(repo.dir, 'exports/salesforce'), { recursive: true });
    await csp(repo, [
      'init',
      'quire-203',
      '--from-crm',
      'exports/salesforce',
      '--crm-id',
      'AccountRef2',
      '--owner',
      'Priya Natarajan',
    ]);
    expect(plan(repo, 'quire-203').meta.opportunity_stage).toBe('Stage 4');
    expect(errorCodes(await csp(repo, ['validate', '--json'], 1))).toContain('proposal-blocked-current-state');

    const text = await csp(repo, ['import', 'exports/salesforce', '--owner', 'Priya Natarajan', '--dry-run']);
    expect(text.stdout).toMatch(/\d+ plans? (is|are) at Stage 4 or Closed Won and incomplete/);
    const imported = await csp(repo, ['import', 'exports/salesforce', '--owner', 'Priya Natarajan', '--json']);
    const result = imported.json();
    const blocked = result.accounts.filter((a: any) => (a.proposalBlocked ?? 0) > 0);
    expect(result.counts.created).toBeGreaterThan(0);
    expect(blocked.length).toBeGreaterThan(0);
    expect(result.proposalsBlocked).toBe(blocked.length);
    for (const a of blocked) expect(['Stage 4', 'Closed Won']).toContain(a.stage);
    const validate = await csp(repo, ['validate', '--json'], 1);
    expect(errorCodes(validate).some((c) => c.startsWith('proposal-blocked-'))).toBe(true);
  });
});

describe('rule 2: approvals come from a manager, and a second one never replaces the first', () => {
  const finalized = (edit?: (p: any) => void): PlanSpec & { edit?: (p: any) => void } => ({
    account: 'acme',
    phase: 'finalize',
    updated: TODAY,
    lastReview: '2026-12-01',
    edit: (p) => {
      p.meta.owner = { name: 'Priya Natarajan', role: 'SA' };
      p.meta.opportunity_stage = 'Stage 4';
      p.meta.status = 'pending_review';
      p.meta.customer_sign_off = { by: 'Sarah Chen', date: '2026-12-01' };
      p.stakeholders.push({ id: 'sh-3', name: 'Priya Natarajan', side: 'vendor', role: 'SA' });
      edit?.(p);
    },
  });

  it("refuses the plan's owner, who used to make the plan active", async () => {
    const repo = hub([finalized()], {}, 'schema_version: 1\nrequire_manager_approval: true\n');
    const own = await csp(repo, ['approve', 'acme', '--by', 'Priya Natarajan'], 3);
    expect(own.stderr).toContain('owns this plan and cannot approve it');
    expect(plan(repo).meta.manager_approval).toBeUndefined();
    expect(plan(repo).meta.status).toBe('pending_review');
  });

  it('refuses whoever owned the plan before the handoff (the SA)', async () => {
    const repo = hub([{ account: 'acme', updated: TODAY, edit: (p) => (p.handoff.from = 'Priya Natarajan') }]);
    const sa = await csp(repo, ['approve', 'acme', '--by', 'priya natarajan'], 3);
    expect(sa.stderr).toContain('owned this plan before the handoff');
  });

  it('where .csp.yaml lists managers, refuses anyone else; a second approval is kept beside the first', async () => {
    const repo = hub([finalized()], {}, 'schema_version: 1\nmanagers: ["Dana Ruiz", "Sam Lee"]\n');
    const other = await csp(repo, ['approve', 'acme', '--by', 'Eve Stranger'], 3);
    expect(other.stderr).toContain('not one of the managers');
    expect(other.stderr).toContain('csp approve acme --by "Dana Ruiz"');
    await csp(repo, ['approve', 'acme', '--by', 'Dana Ruiz', '--date', '2026-12-02']);
    expect(plan(repo).meta.status).toBe('approved');
    await csp(repo, ['approve', 'acme', '--by', 'Dana Ruiz'], 3);
    const second = await csp(repo, ['approve', 'acme', '--by', 'Sam Lee']);
    expect(second.stderr).toContain('beside the first one (Dana Ruiz on 2026-12-02)');
    const meta = plan(repo).meta;
    expect(meta.manager_approval).toEqual({ by: 'Dana Ruiz', date: '2026-12-02' });
    expect(meta.approvals).toEqual([
      { by: 'Dana Ruiz', date: '2026-12-02' },
      { by: 'Sam Lee', date: TODAY },
    ]);
  });
});

describe('rule 3: measurements after today are refused, and every --as-of view ignores what came after its date', () => {
  it('track-value and add measurement refuse a date after today', async () => {
    const repo = hub([{ account: 'acme', updated: TODAY }]);
    const future = await csp(
      repo,
      ['track-value', 'acme', '--metric', 'vm-1', '--value', '3.5', '--date', '2027-02-05'],
      2,
    );
    expect(future.stderr).toContain('after today');
    await csp(repo, ['add', 'measurement', 'acme', '--metric', 'vm-1', '--value', '3.5', '--date', '2027-02-05'], 2);
    await csp(repo, ['track-value', 'acme', '--metric', 'vm-1', '--value', '12', '--date', TODAY]);
  });

  it('status, remind and the portfolio --as-of a date read the plan as it stood then', async () => {
    // vm-1 goes 24 -> 12 (toward 4) on 2026-12-01; a later reading (written by hand) moves away from the target
    const repo = hub(
      [
        {
          account: 'acme',
          updated: '2027-01-05',
          lastReview: '2026-12-01',
          measurements: [
            { date: '2026-12-01', value: 12 },
            { date: '2027-02-05', value: 30 },
          ],
          edit: (p) => {
            p.governance.customer_reviews = [
              { date: '2026-12-01', with: 'Sarah Chen' },
              { date: '2027-02-01', with: 'Sarah Chen' },
            ];
            p.meta.last_customer_review = '2027-02-01';
          },
        },
      ],
      {
        'acme/decision_log.yaml': {
          schema_version: 1,
          account: 'acme',
          decisions: [{ id: 'dec-1', date: '2027-02-02', decision: 'Drop the SSO pilot', objective: 'obj-1' }],
        },
      },
    );
    const status = (
      await csp(repo, ['status', 'acme', '--as-of', '2027-01-10', '--json'], 0, { CSP_NOW: '2027-03-01' })
    ).json().accounts[0];
    expect(status.value[0].latest).toEqual({ date: '2026-12-01', value: 12 });
    expect(status.value[0].trend).toBe('improving');
    expect(status.cspHealth.reasons.map((r: any) => r.code)).not.toContain('value-declining');
    expect(status.objectives[0].decisions).toEqual([]);
    const later = (
      await csp(repo, ['status', 'acme', '--as-of', '2027-02-10', '--json'], 0, { CSP_NOW: '2027-03-01' })
    ).json().accounts[0];
    expect(later.cspHealth.reasons.map((r: any) => r.code)).toContain('value-declining');
    expect(later.objectives[0].decisions.map((d: any) => d.id)).toEqual(['dec-1']);

    const portfolio = (
      await csp(repo, ['status', '--as-of', '2027-01-10', '--json'], 0, { CSP_NOW: '2027-03-01' })
    ).json();
    expect(portfolio.accounts[0].reasons.join(' ')).not.toContain('moved away from its target');
  });
});

describe('rule 4: the handoff moves the work to the CA, confirmed item by item', () => {
  const handedOff = (config = 'schema_version: 1\n') =>
    hub(
      [
        {
          account: 'acme',
          phase: 'finalize',
          updated: TODAY,
          lastReview: '2026-12-01',
          milestones: [
            { id: 'ms-1', title: 'Kickoff', due: '2026-03-01', owner: 'sh-3', status: 'done' },
            { id: 'ms-2', title: 'SSO live', due: '2026-04-01', owner: 'Priya Natarajan' },
            { id: 'ms-3', title: 'Customer training', due: '2026-04-15', owner: 'sh-2' },
          ],
          edit: (p) => {
            p.meta.owner = { name: 'Priya Natarajan', role: 'SA' };
            p.meta.opportunity_stage = 'Stage 4';
            p.meta.status = 'pending_review';
            p.meta.customer_sign_off = { by: 'Sarah Chen', date: '2026-12-01' };
            p.stakeholders.push({ id: 'sh-3', name: 'Priya Natarajan', side: 'vendor', role: 'SA' });
            p.risks[0].owner = 'sh-3';
            p.adoption_journey.phases[1].actions = [
              { id: 'ac-1', what: 'Send the SSO metadata', who: 'Priya Natarajan', when: '2026-03-20' },
            ];
          },
        },
      ],
      {},
      config,
    );

  it('refuses accept while checklist items are open, confirms them one by one, and moves what the SA held to the CA', async () => {
    const repo = handedOff();
    await csp(repo, ['handoff', 'acme', '--to', 'Carl Ortiz', '--no-snapshot']);
    const open = await csp(repo, ['handoff', 'acme', '--accept', '--by', 'Carl Ortiz', '--no-snapshot'], 3);
    expect(open.stderr).toContain('not confirmed');
    expect(open.stderr).toContain('--accept-open');
    const one = await csp(repo, ['handoff', 'acme', '--confirm', '1', '--confirm', 'cadence', '--by', 'Carl Ortiz']);
    expect(one.stderr).toContain('3 checklist items still open');
    const checklist = plan(repo).handoff.checklist;
    expect(checklist.filter((c: any) => c.done).map((c: any) => c.confirmed_by)).toEqual(['Carl Ortiz', 'Carl Ortiz']);
    expect(plan(repo).handoff.accepted).toBe(false);
    await csp(repo, ['handoff', 'acme', '--confirm', 'no such item'], 3);

    const accept = await csp(repo, [
      'handoff',
      'acme',
      '--accept',
      '--by',
      'Carl Ortiz',
      '--accept-open',
      'CRM owner change waits for sales ops',
      '--no-snapshot',
    ]);
    expect(accept.stderr).toContain('moved to Carl Ortiz what Priya Natarajan held: ms-2, ac-1, rk-1');
    const after = plan(repo);
    expect(after.meta.phase).toBe('execute');
    expect(after.handoff.accepted_open.reason).toBe('CRM owner change waits for sales ops');
    expect(after.handoff.accepted_open.items).toHaveLength(3);
    const owners = Object.fromEntries(
      after.adoption_journey.phases.flatMap((p: any) => p.milestones).map((m: any) => [m.id, m.owner]),
    );
    expect(owners).toEqual({ 'ms-1': 'sh-3', 'ms-2': 'Carl Ortiz', 'ms-3': 'sh-2' }); // done milestones keep their history; the customer's stay
    expect(after.adoption_journey.phases[1].actions[0].who).toBe('Carl Ortiz');
    expect(after.risks[0].owner).toBe('Carl Ortiz');
    const remind = await csp(repo, ['remind', '--as-of', '2026-03-31', '--json']);
    expect(remind.stdout).not.toContain('Priya Natarajan');
  });

  it('moves the hand-added tracker actions and register risks the SA held too (comments kept, one commit), and --keep-owners leaves them', async () => {
    const tracker = 'infohub/acme/action_tracker.yaml';
    const register = 'infohub/acme/risk_register.yaml';
    const setUp = async (config?: string) => {
      const repo = handedOff(config);
      await csp(repo, ['sync', 'acme']);
      const synced = yaml.load(repo.read(tracker)) as any;
      expect(synced.actions.find((a: any) => a.id === 'ms-2').owner).toBe('Priya Natarajan');
      repo.write(
        tracker,
        repo
          .read(tracker)
          .replace(
            /\nactions:\n/,
            [
              '\nactions:',
              '  # added by hand at the QBR',
              '  - id: act-1',
              '    title: Chase the SSO metadata',
              '    owner: Priya Natarajan # the SA',
              '    status: in_progress',
              '  - id: act-2',
              '    title: Kickoff deck',
              '    owner: sh-3',
              '    status: done',
              '  - id: act-3',
              '    title: Confirm the training room',
              '    owner: Sarah Chen',
              '  - id: act-4',
              '    title: Send the pricing follow-up',
              '    owner: sh-3',
              '',
            ].join('\n'),
          ),
      );
      repo.write(
        register,
        repo
          .read(register)
          .replace(
            /\nrisks:\n/,
            [
              '\nrisks:',
              '  - id: rr-1',
              '    title: Budget freeze in Q2',
              '    owner: Priya Natarajan',
              '    status: open',
              '  - id: rr-2',
              '    title: Old risk',
              '    owner: Priya Natarajan',
              '    status: closed',
              '',
            ].join('\n'),
          ),
      );
      repo.git('add', '-A');
      repo.git('commit', '-qm', 'hand-added items');
      await csp(repo, ['handoff', 'acme', '--to', 'Carl Ortiz']);
      return repo;
    };
    const owners = (repo: TempRepo, file: string, list: string) =>
      Object.fromEntries((yaml.load(repo.read(file)) as any)[list].map((x: any) => [x.id, x.owner]));

    const repo = await setUp();
    const accept = await csp(repo, ['handoff', 'acme', '--accept', '--confirm', 'all']);
    expect(accept.stderr).toContain(
      'moved to Carl Ortiz in infohub/acme/action_tracker.yaml what Priya Natarajan held: act-1, act-4, ms-2',
    );
    expect(accept.stderr).toContain(
      'moved to Carl Ortiz in infohub/acme/risk_register.yaml what Priya Natarajan held: rr-1, rk-1',
    );
    expect(owners(repo, tracker, 'actions')).toMatchObject({
      'ms-2': 'Carl Ortiz',
      'act-1': 'Carl Ortiz',
      'act-2': 'sh-3',
      'act-3': 'Sarah Chen',
      'act-4': 'Carl Ortiz',
    });
    expect(owners(repo, register, 'risks')).toMatchObject({
      'rk-1': 'Carl Ortiz',
      'rr-1': 'Carl Ortiz',
      'rr-2': 'Priya Natarajan',
    });
    expect(repo.read(tracker)).toContain('  # added by hand at the QBR\n');
    expect(repo.read(tracker)).toMatch(/owner: Carl Ortiz +# the SA\n/);
    // the plan, the tracker, the register and the snapshot are one commit; nothing is left uncommitted
    const committed = repo.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n');
    expect(committed.filter((f) => !f.includes('csp_history/')).sort()).toEqual(
      [register, tracker, 'infohub/acme/success_plan/csp.yaml'].sort(),
    );
    expect(committed.filter((f) => f.includes('csp_history/'))).toHaveLength(1);
    expect(repo.git('status', '--porcelain', '--', 'infohub/acme').trim()).toBe('');
    // the next sync agrees with what moved: no conflict
    const sync = await csp(repo, ['sync', 'acme', '--json']);
    expect(sync.stdout).not.toContain('"conflict"');
    expect(owners(repo, tracker, 'actions')['ms-2']).toBe('Carl Ortiz');

    const kept = await setUp();
    const keep = await csp(kept, ['handoff', 'acme', '--accept', '--confirm', 'all', '--keep-owners']);
    expect(keep.stderr).not.toContain('moved to Carl Ortiz');
    expect(owners(kept, tracker, 'actions')).toMatchObject({
      'ms-2': 'Priya Natarajan',
      'act-1': 'Priya Natarajan',
      'act-4': 'sh-3',
    });
    expect(owners(kept, register, 'risks')).toMatchObject({ 'rr-1': 'Priya Natarajan' });
  });

  it('--keep-owners leaves them; after accept with sign-off but no approval the next step is csp approve', async () => {
    const repo = handedOff('schema_version: 1\nrequire_manager_approval: true\n');
    await csp(repo, ['handoff', 'acme', '--to', 'Carl Ortiz', '--no-snapshot']);
    const accept = await csp(repo, [
      'handoff',
      'acme',
      '--accept',
      '--confirm',
      'all',
      '--keep-owners',
      '--no-snapshot',
    ]);
    expect(accept.stderr).toContain('csp approve acme --by "<manager>"');
    expect(accept.stderr).not.toContain('once the customer signs off');
    expect(plan(repo).risks[0].owner).toBe('sh-3');
    expect(plan(repo).meta.status).toBe('pending_review');
  });
});

describe('rule 5: the portfolio does not flatter', () => {
  it('an empty draft is neither healthy nor an active plan; accounts without a plan are listed with their ARR; nonsense durations are not shown', async () => {
    const signals = (account: string, arr: number) => ({
      schema_version: 1,
      account,
      name: account.toUpperCase(),
      signals: [{ date: '2026-11-30', values: { arr_usd: arr, nps: 9, last_contact: '2026-11-28' } }],
    });
    const repo = hub(
      [
        {
          account: 'good',
          updated: TODAY,
          lastReview: '2026-11-20',
          milestones: [{ id: 'ms-1', title: 'Kickoff', due: '2026-03-01', status: 'done' }],
        },
        {
          account: 'empty',
          phase: 'initiate',
          updated: TODAY,
          edit: (p) => {
            p.meta.imported = { source: 'maven', date: TODAY, phase: 'initiate' };
            p.meta.opportunity_stage = 'Stage 2';
            p.meta.status = 'draft';
            p.meta.stage2_date = '2017-03-01';
            p.meta.created = TODAY;
            p.business_outcomes = { current_state: '', objectives: [] };
            delete p.handoff;
          },
        },
      ],
      { 'zeta/health_signals.yaml': signals('zeta', 750000), 'yotta/health_signals.yaml': signals('yotta', 250000) },
    );
    const p = (await csp(repo, ['status', '--json'])).json();
    const empty = p.accounts.find((a: any) => a.account === 'empty');
    expect(empty.verdict).not.toBe('healthy');
    expect(p.metrics.adoption.count).toBe(1); // "good" only: the empty draft is not an active plan
    expect(p.withoutPlan.count).toBe(2);
    expect(p.withoutPlan.arrUsd).toBe(1000000);
    expect(p.withoutPlan.accounts.map((a: any) => [a.account, a.arrUsd])).toEqual([
      ['zeta', 750000],
      ['yotta', 250000],
    ]);
    // the empty draft's Stage 2 date is from 2017: 3,500 days to its plan is not a measure, so no time to plan is shown
    expect(p.metrics.timeToPlan).toEqual({ count: 0, medianDays: null, meanDays: null });
    const text = await csp(repo, ['status']);
    expect(text.stdout).toContain('2 accounts without a plan, ARR $1.0M');
    expect(text.stdout).toContain('time to plan           not shown');
  });

  it('csp recover on a green account says no trigger fired before proposing a play', async () => {
    const repo = hub([{ account: 'acme', updated: TODAY, lastReview: '2026-11-20' }]);
    const recover = await csp(repo, ['recover', 'acme', '--dry-run']);
    expect(recover.stderr).toContain('no save-play trigger fired');
    expect(recover.stderr.indexOf('no save-play trigger fired')).toBeLessThan(
      recover.stderr.search(/health.below.40|under 40/i) + 1,
    );
  });
});
