/**
 * Issue 15, "Gaps a CA meets in week one": each gap end to end, on the built csp in temp git
 * repositories.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { ROOT, runCsp } from '../helpers/cli.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';
import { hubPath, committedPlanRepo } from '../helpers/infohub.js';
import { exportPlanText, exportRepo, FIXTURE_PLAN, planPath } from '../helpers/export-plan.js';

const csp = (repo: TempRepo, args: string[], env: Record<string, string> = {}) => runCsp(args, { cwd: repo.dir, env });
const ok = async (repo: TempRepo, args: string[], env: Record<string, string> = {}) => {
  const run = await csp(repo, args, env);
  expect(run.code, `csp ${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run;
};
const load = (repo: TempRepo, path: string): any => yaml.load(repo.read(path));

const planRepo = (): TempRepo => committedPlanRepo('acme');

/** The file a modeline of `file` points to, or null when it has none. */
function modelineTarget(repo: TempRepo, file: string): string | null {
  const m = /^\uFEFF?# yaml-language-server: \$schema=(\S+)/.exec(repo.read(file));
  return m ? resolve(dirname(repo.path(file)), m[1]) : null;
}

describe('snapshots and history', () => {
  it('takes no identical back-to-back snapshot unless --force, and history shows the -m message', async () => {
    const repo = planRepo();
    await ok(repo, ['snapshot', 'acme', '-m', 'after the technical evaluation']);
    const again = await ok(repo, ['snapshot', 'acme', '-m', 'again']);
    expect(again.stdout).toContain('nothing changed since v1');
    const json = (await ok(repo, ['snapshot', 'acme', '--json'])).json();
    expect(json).toMatchObject({ ok: true, unchanged: true, version: 1 });
    expect(readdirSync(repo.path(hubPath('acme', 'history')))).toEqual(['csp_v1_2026-11-22.yaml']);
    expect(repo.git('log', '--format=%s').match(/snapshot v\d/g)).toHaveLength(1);
    const forced = await ok(repo, ['snapshot', 'acme', '--force', '-m', 'forced']);
    expect(forced.stdout).toContain('snapshot v2');

    const text = (await ok(repo, ['history', 'acme'])).stdout;
    expect(text).toMatch(/message/);
    expect(text).toContain('after the technical evaluation');
    expect(text).toContain('forced');
    const history = (await ok(repo, ['history', 'acme', '--json'])).json();
    expect(history.versions.map((v: any) => v.message)).toEqual(['after the technical evaluation', 'forced']);
  });

  it('writes snapshot modelines that resolve from csp_history/, and restore points them back', async () => {
    const repo = tempRepo();
    await ok(repo, ['init', 'acme', '--name', 'Acme Corp', '--owner', 'Priya Natarajan', '--arr', '250k']);
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'init');
    const plan = hubPath('acme', 'csp');
    expect(existsSync(modelineTarget(repo, plan)!)).toBe(true);
    await ok(repo, ['snapshot', 'acme']);
    const snap = `${hubPath('acme', 'history')}/csp_v1_2026-11-22.yaml`;
    const target = modelineTarget(repo, snap);
    expect(target).toBe(repo.path('infohub/.csp/schemas/csp.schema.json'));
    expect(existsSync(target!)).toBe(true);
    // Apart from the modeline, the snapshot is the plan byte for byte.
    expect(repo.read(snap).split('\n').slice(1).join('\n')).toBe(repo.read(plan).split('\n').slice(1).join('\n'));
    await ok(repo, ['set', 'acme', 'customer_context.industry', 'Technology']);
    await ok(repo, ['restore', 'acme', 'v1', '--yes']);
    expect(existsSync(modelineTarget(repo, plan)!)).toBe(true);
    expect((await ok(repo, ['diff', 'acme', 'v1'])).stdout).toContain('no differences');
  });
});

describe('validate checks references into the plan', () => {
  it('fails a decision that serves or links an item the plan does not have, and warns about synced items whose plan item is gone', async () => {
    const repo = planRepo();
    const decisions = (lines: string) =>
      repo.write('infohub/acme/decision_log.yaml', `schema_version: 1\naccount: acme\ndecisions:\n${lines}`);
    decisions(
      '  - id: dec-1\n    date: "2026-11-20"\n    decision: Start with SSO\n    objective: obj-2\n    links: [ms-2, rk-1, dec-1, "https://example.com/notes"]\n',
    );
    expect((await csp(repo, ['validate'])).code).toBe(0);

    decisions('  - id: dec-1\n    date: "2026-11-20"\n    decision: Start with SSO\n    objective: obj-9\n');
    const missing = await csp(repo, ['validate']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(
      /infohub\/acme\/decision_log\.yaml:7:\d+: error.*decision dec-1 serves objective obj-9, which is not in acme's plan/,
    );
    expect(missing.stdout).toContain('obj-1, obj-2, obj-3');
    // The same file given by path, and staged for the pre-commit hook.
    expect((await csp(repo, ['validate', 'infohub/acme/decision_log.yaml'])).code).toBe(1);
    repo.git('add', '-A');
    expect((await csp(repo, ['validate', '--staged'])).code).toBe(1);

    decisions('  - id: dec-1\n    date: "2026-11-20"\n    decision: Start with SSO\n    links: [ms-7, dec-4]\n');
    const links = await csp(repo, ['validate', '--json']);
    expect(links.code).toBe(1);
    const found = links
      .json()
      .files.flatMap((f: any) => f.issues)
      .filter((i: any) => i.code === 'reference-unknown');
    expect(found.map((i: any) => [i.path, i.severity])).toEqual([
      ['/decisions/0/links/0', 'error'],
      ['/decisions/0/links/1', 'error'],
    ]);

    decisions('  - id: dec-1\n    date: "2026-11-20"\n    decision: Start with SSO\n');
    repo.write(
      'infohub/acme/action_tracker.yaml',
      'schema_version: 1\naccount: acme\nactions:\n  - id: ms-8\n    title: Gone\n    status: open\n    source: csp#milestone/ms-8\n  - id: ms-9\n    title: Cancelled already\n    status: cancelled\n    source: csp#milestone/ms-9\n',
    );
    repo.write(
      'infohub/acme/risk_register.yaml',
      'schema_version: 1\naccount: acme\nrisks:\n  - id: rk-5\n    title: Gone\n    status: open\n    source: csp#risk/rk-5\n',
    );
    const synced = await csp(repo, ['validate', '--json']);
    expect(synced.code).toBe(0);
    const warnings = synced
      .json()
      .files.flatMap((f: any) => f.issues)
      .filter((i: any) => i.code === 'reference-unknown');
    expect(warnings.map((i: any) => [i.file, i.path, i.severity])).toEqual([
      ['infohub/acme/action_tracker.yaml', '/actions/0/source', 'warning'],
      ['infohub/acme/risk_register.yaml', '/risks/0/source', 'warning'],
    ]);
    expect((await csp(repo, ['validate', '--strict'])).code).toBe(1);
  });
});

describe('csp remove', () => {
  it('removes every kind, refuses (exit 3, with the list) while others refer to it, cascades, dry-runs, and keeps comments', async () => {
    const repo = planRepo();
    const plan = hubPath('acme', 'csp');
    const a = 'acme';
    await ok(repo, [
      'add',
      'action',
      a,
      '--what',
      'Train CSMs',
      '--who',
      'sh-1',
      '--when',
      '2026-12-22',
      '--phase',
      'ph-2',
      '--depends-on',
      'ms-2',
    ]);
    await ok(repo, ['add', 'decision', a, '--decision', 'SSO before the CRM sync']);
    const before = repo.read(plan);

    const refused = await csp(repo, ['remove', 'milestone', a, 'ms-2']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      'action ac-3 depends on ms-2 (adoption_journey.phases.ph-2.actions.ac-3.depends_on)',
    );
    expect(refused.stderr).toContain(`csp remove milestone ${a} ms-2 --cascade`);
    const refusedJson = await csp(repo, ['remove', 'milestone', a, 'ms-2', '--json']);
    expect(refusedJson.code).toBe(3);
    expect(refusedJson.json()).toMatchObject({ ok: false, refused: true, references: [{ from: 'ac-3', cut: true }] });
    const dry = await ok(repo, ['remove', 'milestone', a, 'ms-2', '--cascade', '--dry-run']);
    expect(dry.stderr).toContain('would remove milestone ms-2');
    expect(repo.read(plan)).toBe(before);
    const done = (await ok(repo, ['remove', 'milestone', a, 'ms-2', '--cascade', '--json'])).json();
    expect(done).toMatchObject({ ok: true, id: 'ms-2', removed: ['ms-2'], refused: false });
    let data = load(repo, plan);
    expect(data.adoption_journey.phases[1].milestones.map((m: any) => m.id)).toEqual(['ms-3']);
    expect(data.adoption_journey.phases[1].actions.find((x: any) => x.id === 'ac-3').depends_on).toEqual([]);
    // Every comment of the plan is still there.
    for (const line of before.split('\n').filter((l) => /#/.test(l) && !/ms-2/.test(l)))
      expect(repo.read(plan)).toContain(line);

    // A stakeholder who owns items: refused even with --cascade, with the command that reassigns.
    const owner = await csp(repo, ['remove', 'stakeholder', a, 'sh-3', '--cascade']);
    expect(owner.code).toBe(3);
    expect(owner.stderr).toContain(`csp set ${a} adoption_journey.phases.ph-1.milestones.ms-1.owner "<name>"`);

    // An objective a decision serves: refused, then cascaded out of the decision log too.
    await ok(repo, [
      'add',
      'objective',
      a,
      '--statement',
      'A fourth objective by 2027-06-30',
      '--metric',
      'Fourth',
      '--baseline',
      '0',
      '--target',
      '1',
      '--due',
      '2027-05-01',
    ]);
    await ok(repo, ['add', 'decision', a, '--decision', 'Serve the fourth', '--objective', 'obj-4']);
    expect((await csp(repo, ['remove', 'objective', a, 'obj-4'])).code).toBe(3);
    await ok(repo, ['remove', 'objective', a, 'obj-4', '--cascade']);
    expect(load(repo, 'infohub/acme/decision_log.yaml').decisions[1].objective).toBeUndefined();

    // The other kinds, each added then removed (or removed from the fixture).
    await ok(repo, ['add', 'stakeholder', a, '--name', 'Ana Silva', '--role', 'admin', '--side', 'customer']);
    await ok(repo, ['remove', 'stakeholder', a, 'sh-4']);
    const kr = (
      await ok(repo, ['add', 'key-result', a, '--objective', 'obj-1', '--metric', 'Decks per week'])
    ).stdout.trim();
    await ok(repo, ['remove', 'key-result', a, kr]);
    await ok(repo, ['remove', 'criterion', a, 'sc-2']);
    await ok(repo, ['add', 'phase', a, '--name', 'Extra', '--start', '2027-01-10', '--end', '2027-01-20']);
    await ok(repo, ['remove', 'phase', a, 'ph-3']);
    expect((await csp(repo, ['remove', 'phase', a, 'ph-1'])).code).toBe(3);
    await ok(repo, ['remove', 'action', a, 'ac-3']);
    await ok(repo, [
      'add',
      'risk',
      a,
      '--title',
      'Budget freeze',
      '--probability',
      'low',
      '--impact',
      'low',
      '--mitigation',
      'Phase the rollout',
    ]);
    await ok(repo, ['remove', 'risk', a, 'rk-2']);
    await ok(repo, ['add', 'metric', a, '--name', 'Coverage', '--baseline', '0', '--target', '100']);
    await ok(repo, ['remove', 'metric', a, 'vm-2']);
    await ok(repo, ['add', 'measurement', a, '--metric', 'vm-1', '--value', '2.5', '--date', '2026-11-20']);
    await ok(repo, ['remove', 'measurement', a, 'vm-1@2026-11-20']);
    await ok(repo, ['remove', 'resource', a, 'customer admin (20%)']);
    await ok(repo, ['remove', 'raci', a, 'QBR preparation']);
    await ok(repo, ['remove', 'decision', a, 'dec-1']);
    const unknown = await csp(repo, ['remove', 'risk', a, 'rk-9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('known: rk-1');

    data = load(repo, plan);
    expect(data.stakeholders.map((s: any) => s.id)).toEqual(['sh-1', 'sh-2', 'sh-3']);
    expect(data.business_outcomes.objectives[0].key_results.map((k: any) => k.id)).toEqual(['kr-1']);
    expect(data.success_criteria.map((c: any) => c.id)).toEqual(['sc-1']);
    expect(data.adoption_journey.phases.map((p: any) => p.id)).toEqual(['ph-1', 'ph-2']);
    expect(data.risks.map((r: any) => r.id)).toEqual(['rk-1']);
    expect(data.value_tracking.metrics.map((m: any) => [m.id, m.measurements])).toEqual([['vm-1', []]]);
    expect(data.technical_evaluation.resources).toEqual(['1 SA (50%)', 'integration engineer (2 weeks)']);
    expect(data.governance.raci.map((r: any) => r.activity)).toEqual(['CRM integration']);
    expect(load(repo, 'infohub/acme/decision_log.yaml').decisions.map((d: any) => d.id)).toEqual(['dec-2']);
    expect((await csp(repo, ['validate'])).code).toBe(0);
    const help = await ok(repo, ['remove', '--help']);
    expect(help.stdout).toContain('$ csp remove risk acme rk-2');
  }, 180_000);
});

describe('two-way sync', () => {
  it('brings a milestone marked done (with its date) and a risk status changed in the tracker and register back to the plan, with the conflict rule', async () => {
    const repo = planRepo();
    await ok(repo, ['sync', 'acme']);
    const trackerFile = hubPath('acme', 'action_tracker');
    const registerFile = hubPath('acme', 'risk_register');
    const edit = (file: string, id: string, from: string, to: string) => {
      const text = repo.read(file);
      const at = text.indexOf(`- id: ${id}`);
      repo.write(file, text.slice(0, at) + text.slice(at).replace(from, to));
    };
    // The CA ticks ms-1 done in the tracker, with the day; the risk moves on in the register.
    edit(
      trackerFile,
      'ms-1',
      'status: not_started',
      'status: done\n    completed: "2026-11-21"   # ticked in the weekly call',
    );
    edit(registerFile, 'rk-1', 'status: open', 'status: mitigating');
    // Meanwhile the SA changes ms-2 in the plan, and the tracker changes it differently: a conflict.
    await ok(repo, ['set', 'acme', 'adoption_journey.phases.ph-2.milestones.ms-2.status', 'in_progress']);
    edit(trackerFile, 'ms-2', 'status: not_started', 'status: blocked');

    const run = await csp(repo, ['sync', 'acme', '--json']);
    expect(run.code).toBe(1);
    const ops = run.json().accounts[0].targets.flatMap((t: any) => t.ops);
    expect(
      ops.filter((o: any) => o.action === 'pull').map((o: any) => [o.id, o.fields.map((f: any) => [f.field, f.file])]),
    ).toEqual([
      [
        'ms-1',
        [
          ['status', 'done'],
          ['completed', '2026-11-21'],
        ],
      ],
      ['rk-1', [['status', 'mitigating']]],
    ]);
    expect(ops.find((o: any) => o.id === 'ms-2').action).toBe('conflict');
    const plan = load(repo, hubPath('acme', 'csp'));
    expect(plan.adoption_journey.phases[0].milestones[0]).toMatchObject({
      id: 'ms-1',
      status: 'done',
      completed: '2026-11-21',
    });
    expect(plan.adoption_journey.phases[1].milestones[0]).toMatchObject({ id: 'ms-2', status: 'in_progress' });
    expect(plan.risks[0].status).toBe('mitigating');
    expect(repo.read(trackerFile)).toContain('# ticked in the weekly call');

    // --force takes the plan's value for the conflict; then everything agrees and a run writes nothing.
    await ok(repo, ['sync', 'acme', '--force']);
    expect(load(repo, trackerFile).actions.find((a: any) => a.id === 'ms-2').status).toBe('in_progress');
    const again = await ok(repo, ['sync', 'acme', '--check']);
    expect(again.stdout).toContain('everything up to date');
    expect((await csp(repo, ['validate'])).code).toBe(0);
  }, 240_000);
});

describe('schema copies and modelines', () => {
  const SCHEMAS = join(ROOT, 'schemas');

  it('refreshes stale or missing copies in .csp/schemas/ when csp writes in the InfoHub, and not on a dry run', async () => {
    const repo = tempRepo();
    await ok(repo, ['init', 'acme', '--name', 'Acme Corp', '--owner', 'Priya Natarajan', '--arr', '250k']);
    const copy = (name: string) => repo.path(`infohub/.csp/schemas/${name}`);
    const stale = '{ "title": "an old csp schema without meta.last_refresh" }\n';
    repo.write('infohub/.csp/schemas/csp.schema.json', stale);
    rmSync(copy('action_tracker.schema.json'));
    await ok(repo, ['set', 'acme', 'customer_context.industry', 'Technology', '--dry-run']);
    expect(readFileSync(copy('csp.schema.json'), 'utf8')).toBe(stale);
    await ok(repo, ['set', 'acme', 'customer_context.industry', 'Technology']);
    for (const name of ['csp.schema.json', 'action_tracker.schema.json'])
      expect(readFileSync(copy(name), 'utf8')).toBe(readFileSync(join(SCHEMAS, name), 'utf8'));
  });

  it('ships infohub-example with current schema copies and modelines that resolve, snapshots included', () => {
    const example = join(ROOT, 'infohub-example');
    const copies = readdirSync(join(example, '.csp/schemas'));
    expect(copies.length).toBeGreaterThanOrEqual(5);
    for (const name of copies)
      expect(readFileSync(join(example, '.csp/schemas', name), 'utf8'), name).toBe(
        readFileSync(join(SCHEMAS, name), 'utf8'),
      );
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && e.name !== '.csp') walk(join(dir, e.name));
        else if (e.isFile() && e.name.endsWith('.yaml')) files.push(join(dir, e.name));
      }
    };
    walk(example);
    expect(files.some((f) => f.includes('csp_history'))).toBe(true);
    for (const file of files) {
      const m = /^\uFEFF?# yaml-language-server: \$schema=(\S+)/.exec(readFileSync(file, 'utf8'));
      if (m) expect(existsSync(resolve(dirname(file), m[1])), `${file} -> ${m[1]}`).toBe(true);
    }
  });
});

describe('csp develop after the evaluation plan was set', () => {
  it("scaffolds the technical evaluation's missing resources and timeline and keeps what is there", async () => {
    const repo = tempRepo();
    const a = 'acme';
    await ok(repo, [
      'init',
      a,
      '--name',
      'Acme Corp',
      '--owner',
      'Priya Natarajan',
      '--arr',
      '250k',
      '--industry',
      'Technology',
    ]);
    await ok(repo, ['set', a, 'customer_context.primary_use_case', 'Portfolio health']);
    await ok(repo, ['set', a, 'customer_context.background', 'Growing CS team']);
    await ok(repo, [
      'add',
      'stakeholder',
      a,
      '--name',
      'Sarah Chen',
      '--title',
      'VP Product',
      '--role',
      'champion',
      '--side',
      'customer',
    ]);
    for (const n of [1, 2, 3])
      await ok(repo, [
        'add',
        'objective',
        a,
        '--statement',
        `Objective ${n}: cut QBR preparation by 50% by 2027-06-30`,
      ]);
    await ok(repo, ['set', a, 'business_outcomes.current_state', 'Three tools, no shared health view']);
    await ok(repo, ['set', a, 'technical_evaluation.plan', 'Two-week sandbox with CRM sync and SSO']);
    await ok(repo, ['set', a, 'technical_evaluation.timeline.end', '2026-12-18']);
    await ok(repo, ['develop', a, '--no-snapshot']);
    const te = load(repo, hubPath(a, 'csp')).technical_evaluation;
    expect(te.plan).toBe('Two-week sandbox with CRM sync and SSO');
    expect(te.resources.length).toBeGreaterThan(0);
    expect(te.timeline).toEqual({ start: '2026-11-22', end: '2026-12-18' });
    expect(te.status).toBe('planned');
    const check = await csp(repo, ['validate', '--json']);
    const gaps = check
      .json()
      .files.flatMap((f: any) => f.issues)
      .map((i: any) => i.path);
    expect(gaps).not.toContain('/technical_evaluation/resources');
    expect(gaps).not.toContain('/technical_evaluation/timeline');
  }, 240_000);
});

describe('commercial fields in customer exports', () => {
  const NAME = 'TechCorp - Platform expansion FY27';
  const withName = (text: string) =>
    text.replace(
      'opportunity_id: "006Dn00000XyZ12" }',
      `opportunity_id: "006Dn00000XyZ12", opportunity_name: "${NAME}", raw_stage: Negotiation/Review }`,
    );
  const leaks = (content: unknown) =>
    ['250000', '250,000', 'Stage 4', NAME, 'Negotiation/Review', '006Dn00000XyZ12'].filter((t) =>
      (typeof content === 'string' ? content : JSON.stringify(content)).includes(t),
    );

  it('are internal by default in every format, and shown per field where .csp.yaml opts in', async () => {
    const account = FIXTURE_PLAN.account;
    const repo = exportRepo({ [planPath(account)]: withName(exportPlanText(FIXTURE_PLAN)) });
    for (const format of ['md', 'html', 'json']) {
      const run = await ok(repo, ['export', account, '--format', format, '--json']);
      expect(leaks(run.json().content), format).toEqual([]);
    }
    const internal = (
      await ok(repo, ['export', account, '--audience', 'internal', '--format', 'json', '--json'])
    ).json().content;
    expect(leaks(internal)).toEqual(['250000', 'Stage 4', NAME, 'Negotiation/Review', '006Dn00000XyZ12']);

    repo.write(
      'infohub/.csp.yaml',
      'schema_version: 1\ncustomer_export:\n  show: [meta.arr_usd, meta.crm.opportunity_name]\n',
    );
    expect((await csp(repo, ['validate', 'infohub/.csp.yaml'])).code).toBe(0);
    const content = (await ok(repo, ['export', account, '--format', 'json', '--json'])).json().content;
    const json = typeof content === 'string' ? JSON.parse(content) : content;
    expect(json.meta.arr_usd).toBe(250000);
    expect(json.meta.crm).toEqual({ opportunity_name: NAME });
    expect(json.meta.opportunity_stage).toBeUndefined();
    for (const format of ['md', 'html']) {
      const text = (await ok(repo, ['export', account, '--format', format, '--json'])).json().content;
      expect(text, format).toContain('$250,000');
      expect(text, format).not.toContain('Stage 4');
    }
    // Only commercial fields can be listed: a typo or another internal field is a config error.
    repo.write('infohub/.csp.yaml', 'schema_version: 1\ncustomer_export:\n  show: [internal_notes]\n');
    const bad = await csp(repo, ['export', account, '--format', 'json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('.csp.yaml');
  }, 240_000);
});

describe('csp import takes the owner from the CRM', () => {
  it("uses Maven's sales_agent without --owner, and --owner overrides it", async () => {
    const maven = join(ROOT, 'tests/fixtures/crm/maven-crm');
    const agents = new Map<string, Set<string>>();
    for (const line of readFileSync(join(maven, 'sales_pipeline.csv'), 'utf8').trim().split('\n').slice(1)) {
      const [, agent, , account] = line.split(',');
      if (account) agents.set(account, (agents.get(account) ?? new Set()).add(agent));
    }
    const repo = tempRepo();
    const run = await ok(repo, ['import', maven, '--infohub', 'infohub', '--json']);
    const created = run.json().accounts.filter((a: any) => a.action === 'created');
    expect(created.length).toBeGreaterThan(0);
    for (const a of created) {
      const owner = load(repo, `infohub/${a.account}/success_plan/csp.yaml`).meta.owner.name;
      expect(agents.get(a.name), a.name).toContain(owner);
    }
    const other = tempRepo();
    await ok(other, ['import', maven, '--infohub', 'infohub', '--owner', 'Priya Natarajan']);
    expect(load(other, `infohub/${created[0].account}/success_plan/csp.yaml`).meta.owner.name).toBe('Priya Natarajan');
  }, 240_000);

  it('uses the Salesforce opportunity owner where the export has it, and reports a row without one when --owner is not given', async () => {
    const repo = tempRepo();
    const sf = join(ROOT, 'tests/fixtures/crm/sf-apex-recipes');
    for (const f of readdirSync(sf)) repo.write(`export/${f}`, readFileSync(join(sf, f), 'utf8'));
    const opps = JSON.parse(repo.read('export/Opportunities.json'));
    const first = opps.records[0].accountId;
    for (const o of opps.records)
      if (o.accountId === first) o.Owner = { attributes: { type: 'User' }, Name: 'Dana Seller' };
    repo.write('export/Opportunities.json', JSON.stringify(opps, null, 2));
    const run = await csp(repo, ['import', 'export', '--infohub', 'infohub', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const accounts = run.json().accounts;
    const owned = accounts.filter((a: any) => a.action === 'created');
    const ownerless = accounts.filter((a: any) => a.error === 'no-owner');
    expect(owned.length).toBeGreaterThan(0);
    expect(ownerless.length).toBeGreaterThan(0);
    for (const a of owned)
      expect(load(repo, `infohub/${a.account}/success_plan/csp.yaml`).meta.owner.name).toBe('Dana Seller');
    expect(ownerless[0].reason).toContain('--owner');
    const text = await csp(repo, ['import', 'export', '--infohub', 'other']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout + text.stderr).toMatch(/skipped.*no owner/);
  }, 240_000);
});
