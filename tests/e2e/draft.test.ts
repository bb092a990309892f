import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { runCsp, type CspRun } from '../helpers/cli.js';
import { tempDir, tempRepo, type TempRepo } from '../helpers/repo.js';
import { apiError, hang, startAnthropicStub, toolUse, type AnthropicStub } from '../helpers/anthropic-stub.js';

const PLAN = 'infohub/acme/success_plan/csp.yaml';
const KEY = 'sk-ant-test-0123456789abcdef-SECRET';

/** A repository with one account started the way an SA starts it: init, a customer champion, the current state. */
async function seeded(): Promise<TempRepo> {
  const repo = tempRepo();
  const ok = async (args: string[]) => {
    const run = await runCsp(args, { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
  };
  await ok([
    'init',
    'acme',
    '--name',
    'Acme Corp',
    '--owner',
    'Priya Natarajan',
    '--arr',
    '250k',
    '--industry',
    'Technology',
    '--use-case',
    'Customer success operations',
    '--background',
    'Consolidating three support tools into one system of record',
  ]);
  await ok([
    'add',
    'stakeholder',
    'acme',
    '--name',
    'Sarah Chen',
    '--title',
    'VP Product',
    '--role',
    'champion',
    '--side',
    'customer',
  ]);
  await ok([
    'set',
    'acme',
    'business_outcomes.current_state',
    'Three tools, no shared health view; QBR prep takes 3 days',
  ]);
  repo.git('add', '-A');
  repo.git('commit', '-qm', 'acme plan');
  return repo;
}

/** Every file under the repository (but .git), for "the key is in no file". */
function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === '.git') return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? allFiles(path) : [path];
  });
}

function expectNoKey(repo: TempRepo, ...runs: CspRun[]) {
  for (const run of runs) {
    expect(run.stdout).not.toContain(KEY);
    expect(run.stderr).not.toContain(KEY);
  }
  for (const file of allFiles(repo.dir)) expect(readFileSync(file, 'utf8'), file).not.toContain(KEY);
}

// NOTE: TMPDIR is a folder removed after the test: a reply that fails twice is saved there.
const aiEnv = (stub: AnthropicStub, extra: Record<string, string> = {}) => ({
  ANTHROPIC_API_KEY: KEY,
  ANTHROPIC_BASE_URL: stub.url,
  TMPDIR: tempDir(),
  ...extra,
});

const goodRisks = {
  risks: [
    {
      id: 'rk-1',
      title: 'Champion moves teams during the rollout',
      probability: 'medium',
      impact: 'high',
      mitigation: 'Monthly executive briefing with the CTO from January',
      owner: 'Priya Natarajan',
      status: 'open',
      ai_confidence: 0.7,
    },
    {
      id: 'rk-2',
      title: 'CRM data quality blocks the health scores',
      probability: 'high',
      impact: 'medium',
      mitigation: 'Data audit in week 1 with the customer admin',
      owner: 'Sarah Chen',
      status: 'open',
    },
  ],
  confidence: 0.8,
  rationale: 'From the onboarding playbook and the current state.',
};

describe('csp draft offline', () => {
  it('shows the draft without a terminal and writes nothing until --apply', async () => {
    const repo = await seeded();
    const before = repo.read(PLAN);
    const shown = await runCsp(['draft', 'acme'], { cwd: repo.dir });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('+++ infohub/acme/success_plan/csp.yaml (proposed)');
    expect(shown.stdout).toContain('+    - id: obj-1');
    expect(shown.stderr).toContain('ANTHROPIC_API_KEY is not set: drafting offline');
    expect(shown.stderr).toContain('not written');
    expect(repo.read(PLAN)).toBe(before);
  });

  it('drafts a plan that passes csp validate in the finalize phase, and is deterministic', async () => {
    const repo = await seeded();
    const first = await runCsp(['draft', 'acme', '--offline', '--json'], { cwd: repo.dir });
    const second = await runCsp(['draft', 'acme', '--offline', '--json'], { cwd: repo.dir });
    expect(first.json().diff).toBe(second.json().diff);
    expect(first.json().written).toBe(false);

    const applied = await runCsp(['draft', 'acme', '--offline', '--apply'], { cwd: repo.dir });
    expect(applied.code, applied.stderr).toBe(0);
    const plan = load(repo.read(PLAN)) as any;
    expect(plan.business_outcomes.objectives.length).toBeGreaterThanOrEqual(3);
    expect(
      plan.business_outcomes.objectives.every(
        (o: any) => o.ai_generated === true && o.ai_confidence > 0 && o.ai_confidence <= 1 && o.key_results.length > 0,
      ),
    ).toBe(true);
    expect(plan.meta.generation[0]).toMatchObject({
      command: 'draft',
      engine: 'offline',
      model: null,
      date: '2026-11-22',
    });
    expect(plan.meta.generation[0].sections).toEqual([
      'objectives',
      'success-criteria',
      'technical-evaluation',
      'adoption-journey',
      'risks',
      'value-metrics',
      'raci',
    ]);

    // A second draft finds nothing missing and changes nothing.
    const again = await runCsp(['draft', 'acme', '--offline', '--apply'], { cwd: repo.dir });
    expect(again.stderr).toContain('nothing to draft');

    repo.git('add', '-A');
    repo.git('commit', '-qm', 'drafted');
    for (const step of [
      ['develop', 'acme'],
      ['finalize', 'acme'],
    ]) {
      const run = await runCsp(step, { cwd: repo.dir });
      expect(run.code, run.stderr).toBe(0);
    }
    const validate = await runCsp(['validate', '--format', 'json'], { cwd: repo.dir });
    expect(validate.code, validate.stdout).toBe(0);
    const report = validate.json();
    expect(report.counts.errors).toBe(0);
    expect(report.files.find((f: any) => f.kind === 'csp').phase).toBe('finalize');
  });

  it('uses the most similar account of the InfoHub and records it', async () => {
    const repo = await seeded();
    await runCsp(
      ['init', 'globex', '--name', 'Globex', '--owner', 'Sam Lee', '--arr', '300k', '--industry', 'Technology'],
      { cwd: repo.dir },
    );
    await runCsp(
      [
        'init',
        'initech',
        '--name',
        'Initech',
        '--owner',
        'Sam Lee',
        '--arr',
        '240k',
        '--industry',
        'Retail',
        '--plan-type',
        'renewal',
      ],
      { cwd: repo.dir },
    );
    const run = await runCsp(['draft', 'acme', '--offline', '--sections', 'risks', '--json'], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json().similar.map((s: any) => s.account)).toEqual(['globex']);
    expect(run.json().diff).toContain('account: globex');
  });

  it('refuses an unknown section with exit 2', async () => {
    const repo = await seeded();
    const run = await runCsp(['draft', 'acme', '--sections', 'objectives,budget'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown section "budget"');
  });
});

describe('csp draft with the model (local Messages API stub)', () => {
  it('applies a good tool-use reply, with the key sent as a Bearer token and never shown', async () => {
    const repo = await seeded();
    const stub = await startAnthropicStub([toolUse('propose_plan_sections', goodRisks)]);
    const run = await runCsp(['draft', 'acme', '--sections', 'risks', '--apply'], { cwd: repo.dir, env: aiEnv(stub) });
    expect(run.code, run.stderr).toBe(0);
    expect(stub.requests).toHaveLength(1);
    const request = stub.requests[0];
    expect(request.key).toBe(KEY);
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.body.tool_choice).toEqual({ type: 'tool', name: 'propose_plan_sections' });
    expect(Object.keys(request.body.tools[0].input_schema.properties).sort()).toEqual([
      'confidence',
      'rationale',
      'risks',
    ]);
    expect(request.body.tools[0].input_schema.additionalProperties).toBe(false);
    expect(request.body.model).toBe('claude-sonnet-5');
    const plan = load(repo.read(PLAN)) as any;
    expect(plan.risks.map((r: any) => [r.id, r.title, r.ai_generated, r.ai_confidence])).toEqual([
      ['rk-1', 'Champion moves teams during the rollout', true, 0.7],
      ['rk-2', 'CRM data quality blocks the health scores', true, 0.8],
    ]);
    expect(plan.meta.generation[0]).toMatchObject({
      command: 'draft',
      engine: 'anthropic',
      model: 'claude-stub-1',
      sections: ['risks'],
      items: ['rk-1', 'rk-2'],
    });
    expectNoKey(repo, run);
  });

  it('sends a schema-breaking reply back once with the errors, then applies the fixed one', async () => {
    const repo = await seeded();
    const broken = {
      risks: [{ id: 'rk-1', title: 'No probability given', impact: 'high', mitigation: 'x', owner: 'Sarah Chen' }],
      confidence: 0.5,
    };
    const stub = await startAnthropicStub([
      toolUse('propose_plan_sections', broken),
      toolUse('propose_plan_sections', goodRisks),
    ]);
    const run = await runCsp(['draft', 'acme', '--sections', 'risks', '--apply', '--ai'], {
      cwd: repo.dir,
      env: aiEnv(stub),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(stub.requests).toHaveLength(2);
    const retry = stub.requests[1].body.messages;
    const result = retry[retry.length - 1].content[0];
    expect(result).toMatchObject({ type: 'tool_result', is_error: true });
    expect(result.content).toContain('missing required property "probability"');
    expect((load(repo.read(PLAN)) as any).risks).toHaveLength(2);
  });

  it.each([
    [
      'breaks the schema twice',
      [
        {
          risks: [
            { id: 'rk-1', title: 'x', probability: 'sometimes', impact: 'high', mitigation: 'y', owner: 'Sarah Chen' },
          ],
          confidence: 0.5,
        },
      ],
      'probability must be one of',
    ],
    [
      'sets meta.status outside the requested sections',
      [{ ...goodRisks, meta: { status: 'active' } }],
      'unknown property "meta"',
    ],
    [
      'drafts objectives when only risks were asked for',
      [{ ...goodRisks, objectives: [{ id: 'obj-1', statement: 'Take over the world' }] }],
      'unknown property "objectives"',
    ],
    [
      "names an owner who is not one of the plan's people",
      [{ ...goodRisks, risks: [{ ...goodRisks.risks[0], owner: 'Mallory' }] }],
      '"Mallory" is not one of the plan\'s people',
    ],
  ])('rejects a reply that %s: exit 4 after one retry, plan bytes unchanged', async (_name, [input], error) => {
    const repo = await seeded();
    const before = repo.read(PLAN);
    const stub = await startAnthropicStub([toolUse('propose_plan_sections', input)]);
    const run = await runCsp(['draft', 'acme', '--sections', 'risks', '--apply', '--json'], {
      cwd: repo.dir,
      env: aiEnv(stub),
    });
    expect(run.code).toBe(4);
    expect(stub.requests).toHaveLength(2);
    const body = run.json();
    expect(body.error.code).toBe('ai-invalid-reply');
    expect(body.error.message).toContain(error);
    expect(repo.read(PLAN)).toBe(before);
    expect(repo.git('status', '--porcelain')).toBe('');
    expectNoKey(repo, run);
  });

  it('retries a 429 (the SDK backs off) and then applies the reply', async () => {
    const repo = await seeded();
    const stub = await startAnthropicStub([apiError(429), toolUse('propose_plan_sections', goodRisks)]);
    const run = await runCsp(['draft', 'acme', '--sections', 'risks', '--apply'], { cwd: repo.dir, env: aiEnv(stub) });
    expect(run.code, run.stderr).toBe(0);
    expect(stub.requests).toHaveLength(2);
    expect((load(repo.read(PLAN)) as any).risks).toHaveLength(2);
  });

  it('gives up on a 500 every time after the retries: exit 4, plan bytes unchanged', async () => {
    const repo = await seeded();
    const before = repo.read(PLAN);
    const stub = await startAnthropicStub([apiError(500)]);
    const run = await runCsp(['draft', 'acme', '--sections', 'risks', '--apply'], { cwd: repo.dir, env: aiEnv(stub) });
    expect(run.code).toBe(4);
    expect(stub.requests).toHaveLength(3);
    expect(run.stderr).toContain('the AI service failed (HTTP 500, after 3 attempts); nothing was written');
    expect(run.stderr).toContain('--offline');
    expect(repo.read(PLAN)).toBe(before);
    expectNoKey(repo, run);
  });

  it('reports a timeout with exit 4 and leaves the plan alone', async () => {
    const repo = await seeded();
    const before = repo.read(PLAN);
    const stub = await startAnthropicStub([hang]);
    const run = await runCsp(['draft', 'acme', '--sections', 'risks', '--apply'], {
      cwd: repo.dir,
      env: aiEnv(stub, { CSP_AI_TIMEOUT_MS: '300', CSP_AI_MAX_RETRIES: '1' }),
    });
    expect(run.code).toBe(4);
    expect(stub.requests).toHaveLength(2);
    expect(run.stderr).toContain('did not answer within');
    expect(repo.read(PLAN)).toBe(before);
  });

  it('needs a key for --ai (exit 3) and never calls the service with --offline', async () => {
    const repo = await seeded();
    const noKey = await runCsp(['draft', 'acme', '--ai'], { cwd: repo.dir });
    expect(noKey.code).toBe(3);
    expect(noKey.stderr).toContain('ANTHROPIC_API_KEY');
    const stub = await startAnthropicStub([apiError(500)]);
    const offline = await runCsp(['draft', 'acme', '--offline', '--sections', 'risks'], {
      cwd: repo.dir,
      env: aiEnv(stub),
    });
    expect(offline.code).toBe(0);
    expect(stub.requests).toHaveLength(0);
  });
});
