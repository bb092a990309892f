/**
 * `csp hook install`: find the repository -> decide (core.hooksPath set? a hook already there,
 * csp's or someone else's? --force / --chain) -> write the hook (script.ts) executable, moving an
 * existing hook aside only when asked -> report. Where core.hooksPath is set git ignores
 * .git/hooks, so nothing is written and the snippet for the hook manager is printed instead.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { HookInstallCli } from './register.js';
import { VERSION } from '../../cli/version.js';
import { PreconditionError } from '../../errors.js';
import { PACKAGE_ROOT } from '../../schema/schemas.js';
import { exists, writeFileAtomic } from '../../storage/files.js';
import { setUpMergeDriver, type DriverSetup } from './merge-driver.js';
import {
  BACKUP_NAME,
  CHAINED_NAME,
  FINISH_MARKER,
  HOOK_COMMAND,
  HOOK_MARKER,
  finishHookScript,
  hookScript,
} from './script.js';

/** Options of csp hook install. */
export interface HookInstallOptions {
  force: boolean;
  chain: boolean;
  /** The node binary the hook runs csp with (the one running now). */
  node: string;
}

/** What csp hook install did. */
export interface HookInstallResult {
  installed: boolean;
  /** installed: written fresh; updated: csp's older hook replaced; unchanged: already there; hooks-path: core.hooksPath is set, nothing written. */
  outcome: 'installed' | 'updated' | 'unchanged' | 'chained' | 'replaced' | 'hooks-path';
  hook?: string;
  /** Where an existing hook went (--chain or --force). */
  movedTo?: string;
  hooksPath?: string;
  /** With core.hooksPath: the command to add to the hook manager's pre-commit. */
  snippet?: string;
  /** The merge driver (csp merge-file) registered in .git/config and named in .gitattributes. */
  mergeDriver: DriverSetup;
}

/** Installs the hook. Throws PreconditionError (exit 3) outside git, or when another hook is there and neither --force nor --chain is given. */
export async function runHookInstall(options: HookInstallOptions, ctx: AppContext): Promise<HookInstallResult> {
  const git = await ctx.git();
  const repo = await git.topLevel(ctx.cwd);
  if (!repo)
    throw new PreconditionError(`${ctx.cwd} is not in a git repository: the pre-commit hook belongs to one`, {
      code: 'not-a-repo',
      hint: 'run csp hook install inside the InfoHub repository (git init it first if it is new)',
    });
  // NOTE: the merge driver is set up whatever happens to the pre-commit hook: git runs it, not a hook manager.
  const mergeDriver = await setUpMergeDriver(repo, options.node, ctx);
  const hooksPath = await git.config(repo, 'core.hooksPath');
  if (hooksPath) return { installed: false, outcome: 'hooks-path', hooksPath, snippet: HOOK_COMMAND, mergeDriver };

  const hooksDir = await git.gitPath(repo, 'hooks');
  mergeDriver.finishHooks = installFinishHooks(hooksDir, options.node);
  const hook = join(hooksDir, 'pre-commit');
  const script = hookScript({ node: options.node, csp: join(PACKAGE_ROOT, 'bin', 'csp'), version: VERSION });
  let outcome: HookInstallResult['outcome'] = 'installed';
  let movedTo: string | undefined;
  if (exists(hook)) {
    const current = readFileSync(hook, 'utf8');
    if (current.includes(HOOK_MARKER)) {
      if (current === script) return { installed: true, outcome: 'unchanged', hook, mergeDriver };
      outcome = 'updated';
    } else if (options.chain) {
      movedTo = join(hook, '..', CHAINED_NAME);
      if (exists(movedTo))
        throw new PreconditionError(`${movedTo} already exists, so the current pre-commit hook cannot be chained`, {
          code: 'hook-exists',
          hint: `look at both files, remove the one you do not need, then run csp hook install --chain`,
        });
      renameSync(hook, movedTo);
      chmodSync(movedTo, 0o755);
      outcome = 'chained';
    } else if (options.force) {
      movedTo = freeName(join(hook, '..', BACKUP_NAME));
      renameSync(hook, movedTo);
      outcome = 'replaced';
    } else {
      throw new PreconditionError(`a pre-commit hook that is not csp's is already installed (${hook})`, {
        code: 'hook-exists',
        hint: `run csp hook install --chain to keep it and run it before csp, or --force to replace it (it is kept as ${BACKUP_NAME})`,
      });
    }
  }
  writeFileAtomic(hook, script);
  chmodSync(hook, 0o755);
  return { installed: true, outcome, hook, ...(movedTo ? { movedTo } : {}), mergeDriver };
}

/**
 * Writes csp's post-merge, post-rewrite and post-commit hooks (script.ts finishHookScript) where there is none
 * or csp's is there; another tool's hook is left alone. Returns, per hook, what happened.
 */
function installFinishHooks(
  hooksDir: string,
  node: string,
): Record<string, 'installed' | 'unchanged' | "not csp's: left alone"> {
  const out: Record<string, 'installed' | 'unchanged' | "not csp's: left alone"> = {};
  mkdirSync(hooksDir, { recursive: true });
  for (const name of ['post-merge', 'post-rewrite', 'post-commit'] as const) {
    const file = join(hooksDir, name);
    const script = finishHookScript({ node, csp: join(PACKAGE_ROOT, 'bin', 'csp'), version: VERSION, hook: name });
    const current = exists(file) ? readFileSync(file, 'utf8') : null;
    if (current !== null && !current.includes(FINISH_MARKER)) out[name] = "not csp's: left alone";
    else if (current === script) out[name] = 'unchanged';
    else {
      writeFileAtomic(file, script);
      chmodSync(file, 0o755);
      out[name] = 'installed';
    }
  }
  return out;
}

/** The path, or the path with .1, .2... appended when it is taken (a backup never overwrites one). */
function freeName(path: string): string {
  let candidate = path;
  for (let n = 1; exists(candidate); n++) candidate = `${path}.${n}`;
  return candidate;
}

/** CLI entry. */
export async function main(
  _args: ArgsOf<HookInstallCli>,
  options: OptionsOf<HookInstallCli>,
  ctx: AppContext,
): Promise<void> {
  const result = await runHookInstall(
    { force: options.force ?? false, chain: options.chain ?? false, node: process.execPath },
    ctx,
  );
  const out = ctx.out;
  if (ctx.flags.json) {
    out.data({ ok: true, ...result });
    return;
  }
  const driver = result.mergeDriver;
  out.info(
    driver.driver === 'registered'
      ? 'registered the merge driver in .git/config: git merges csp documents by item id and field (csp merge-file)'
      : 'the merge driver is already registered in .git/config',
  );
  for (const [name, what] of Object.entries(driver.finishHooks ?? {})) {
    if (what === 'installed')
      out.info(
        `installed the ${name} hook: it commits the snapshots the merge driver keeps under a new number and the references that follow the ids it renumbers`,
      );
    else if (what !== 'unchanged')
      out.warn(
        `a ${name} hook that is not csp's is there: add "csp merge-file --finish" to it, so the snapshots the merge driver keeps under a new number, and the references to the ids it renumbers, get committed`,
      );
  }
  if (driver.attributesChanged)
    out.info(`added csp's merge lines to ${driver.attributes}: commit it, so every clone merges the same way`);
  if (result.outcome === 'hooks-path') {
    const husky = /husky/.test(result.hooksPath ?? '');
    out.warn(
      `core.hooksPath is set to ${result.hooksPath}${husky ? ' (husky)' : ''}: git runs the hooks there and ignores .git/hooks, so csp installed nothing.`,
    );
    out.info(
      `Add this line to ${husky ? '.husky/pre-commit' : `${result.hooksPath}/pre-commit`} (csp must be a dependency of the project, or drop "npx --no-install"):`,
    );
    out.result(result.snippet!);
    return;
  }
  const where = result.hook!;
  const said: Record<HookInstallResult['outcome'], string> = {
    installed: `installed the pre-commit hook: ${where}`,
    updated: `updated csp's pre-commit hook: ${where}`,
    unchanged: `the pre-commit hook is already installed: ${where}`,
    chained: `installed the pre-commit hook: ${where}; the hook that was there runs first (${result.movedTo})`,
    replaced: `replaced the pre-commit hook: ${where}; the old one is kept as ${result.movedTo}`,
    'hooks-path': '',
  };
  out.result(said[result.outcome]);
  out.info('Each commit now checks the staged plans, trackers and registers (git commit --no-verify skips it).');
}
