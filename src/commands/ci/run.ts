/**
 * `csp ci github|gitlab`: find the repository and the InfoHub -> decide the file and its text
 * (ci/workflows.ts) -> write it, unless it exists and --force is not given (never overwritten
 * silently), or print it (--dry-run) -> report.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { CiGithubCli, CiGitlabCli } from './register.js';
import { openHub } from '../../infohub/hub.js';
import { VERSION } from '../../cli/version.js';
import {
  GITHUB_WORKFLOW,
  GITLAB_CI,
  GITLAB_INCLUDE,
  defaultPackage,
  githubWorkflow,
  gitlabCi,
  type WorkflowSettings,
} from '../../ci/workflows.js';
import { PreconditionError, UsageError } from '../../errors.js';
import { exists, writeFileAtomic } from '../../storage/files.js';
import { findInfoHubRoot } from '../../storage/infohub.js';
import { runGit } from '../../git/exec.js';

/** Options of csp ci. */
export interface CiOptions {
  provider: 'github' | 'gitlab';
  /** npm package spec CI installs csp from. */
  cspPackage?: string;
  /** GitHub: the branch whose pushes check the whole InfoHub. */
  branch?: string;
  /** GitLab: write the include file instead of .gitlab-ci.yml. */
  include: boolean;
  force: boolean;
  dryRun: boolean;
}

/** What csp ci did. */
export interface CiResult {
  provider: 'github' | 'gitlab';
  /** The file, relative to the repository root. */
  file: string;
  /** written: new; replaced: --force over a different file; unchanged: the same text is there; dry-run: nothing written. */
  outcome: 'written' | 'replaced' | 'unchanged' | 'dry-run';
  /** The npm package spec the CI installs csp from. */
  cspPackage: string;
  /** The file's text. */
  content: string;
}

/** Writes the CI file. Throws PreconditionError (exit 3) outside git or when the file exists and differs (without --force). */
export async function runCi(options: CiOptions, ctx: AppContext): Promise<CiResult> {
  const hub = await openHub(ctx);
  const repo = await (await ctx.git()).topLevel(hub.root);
  if (!repo) {
    throw new PreconditionError(`${hub.display(hub.root)} is not in a git repository: CI runs on the git host`, {
      code: 'not-a-repo',
      hint: 'run git init in the InfoHub (or its parent), commit it and push it to GitHub or GitLab, then run csp ci again',
    });
  }
  if (options.include && options.provider !== 'gitlab')
    throw new UsageError('--include is for csp ci gitlab', { code: 'bad-flag' });
  const cspPackage = options.cspPackage ?? defaultPackage(VERSION);
  if (!cspPackage.trim() || /[\r\n]/.test(cspPackage))
    throw new UsageError('--package must be one npm package spec, e.g. @csp-tools/csp@0.1.0', { code: 'bad-package' });
  const settings: WorkflowSettings = {
    cspPackage,
    version: VERSION,
    branch: options.branch ?? (await defaultBranch(repo, ctx.env)),
    ...(hubFromRepoRoot(repo) === hub.root ? {} : { infohub: relative(repo, hub.root).split('\\').join('/') || '.' }),
  };
  const file = options.provider === 'github' ? GITHUB_WORKFLOW : options.include ? GITLAB_INCLUDE : GITLAB_CI;
  const content =
    options.provider === 'github' ? githubWorkflow(settings) : gitlabCi(settings, { include: options.include });
  const path = join(repo, file);
  const base = { provider: options.provider, file, cspPackage, content };
  if (options.dryRun) return { ...base, outcome: 'dry-run' };
  let outcome: CiResult['outcome'] = 'written';
  if (exists(path)) {
    if (readFileSync(path, 'utf8') === content) return { ...base, outcome: 'unchanged' };
    if (!options.force) {
      throw new PreconditionError(`${file} already exists, and csp ci does not overwrite it`, {
        code: 'file-exists',
        hint:
          options.provider === 'gitlab' && !options.include
            ? `run csp ci gitlab --include to write ${GITLAB_INCLUDE} and include it from your .gitlab-ci.yml, or csp ci gitlab --force to replace it (see it first with --dry-run)`
            : `see what csp would write with csp ci ${options.provider}${options.include ? ' --include' : ''} --dry-run, then replace it with --force`,
      });
    }
    outcome = 'replaced';
  }
  writeFileAtomic(path, content);
  return { ...base, outcome };
}

/** The InfoHub csp finds from the repository root with no flag (what CI's commands will find), if any. */
function hubFromRepoRoot(repo: string): string | undefined {
  try {
    return findInfoHubRoot({ cwd: repo }).root;
  } catch {
    // NOTE: none found from the root: the workflow's commands then name the InfoHub with --infohub.
    return undefined;
  }
}

/** origin/HEAD's branch, else the current branch, else main. */
async function defaultBranch(repo: string, env: Record<string, string | undefined>): Promise<string> {
  for (const args of [
    ['symbolic-ref', '-q', '--short', 'refs/remotes/origin/HEAD'],
    ['symbolic-ref', '-q', '--short', 'HEAD'],
  ]) {
    const run = await runGit(args, { cwd: repo, env });
    const name = run.stdout
      .toString('utf8')
      .trim()
      .replace(/^origin\//, '');
    if (run.code === 0 && name) return name;
  }
  return 'main';
}

/** CLI entry of csp ci github. */
export const mainGithub = (_args: ArgsOf<CiGithubCli>, options: OptionsOf<CiGithubCli>, ctx: AppContext) =>
  main('github', options, ctx);
/** CLI entry of csp ci gitlab. */
export const mainGitlab = (_args: ArgsOf<CiGitlabCli>, options: OptionsOf<CiGitlabCli>, ctx: AppContext) =>
  main('gitlab', options, ctx);

/** CLI entry: normalise options, run, report. */
async function main(
  which: 'github' | 'gitlab',
  options: Partial<OptionsOf<CiGithubCli> & OptionsOf<CiGitlabCli>>,
  ctx: AppContext,
): Promise<void> {
  const result = await runCi(
    {
      provider: which,
      ...(options.package !== undefined ? { cspPackage: options.package } : {}),
      ...(options.branch !== undefined ? { branch: options.branch } : {}),
      include: options.include ?? false,
      force: options.force ?? false,
      dryRun: options.dryRun ?? false,
    },
    ctx,
  );
  const out = ctx.out;
  if (ctx.flags.json) {
    out.data({ ok: true, ...result });
    return;
  }
  if (result.outcome === 'dry-run') {
    out.document(result.content.replace(/\n$/, ''));
    out.info(`(dry run: this is the file csp would write to ${result.file}; nothing was written)`);
    return;
  }
  const said = {
    written: `wrote ${result.file}`,
    replaced: `replaced ${result.file}`,
    unchanged: `${result.file} is already up to date`,
    'dry-run': '',
  };
  out.result(said[result.outcome]);
  out.info(
    `CI installs csp with npm install -g "${result.cspPackage}" (CSP_PACKAGE in the file; csp ci ${result.provider} --package <spec> sets another).`,
  );
  if (result.provider === 'gitlab') {
    if (result.file === GITLAB_INCLUDE)
      out.info(`Include it from .gitlab-ci.yml:  include: [{ local: ${GITLAB_INCLUDE} }]`);
    out.info('For the reminders, add a pipeline schedule (Build > Pipeline schedules) on the default branch.');
  }
  out.info(`Commit it: git add ${result.file} && git commit -m "CI for the InfoHub"`);
}
