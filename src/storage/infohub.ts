/**
 * The InfoHub on disk (SPEC "The InfoHub layout"): finding its root, the paths of an account's
 * files, listing accounts, and keeping every path csp touches inside the root (no `..`, no
 * symlink that leads out). Also keeps a copy of the schemas in `<root>/.csp/schemas/` so that the
 * yaml-language-server modeline of every file csp writes resolves in any editor.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PreconditionError, UsageError } from '../errors.js';
import { slugProblem } from '../domain/slug.js';
import { SCHEMA_FILES, type DocKind } from '../schema/documents.js';
import { readSchemaText } from '../schema/schemas.js';
import { exists, readIfExists, writeFileAtomic } from './files.js';
import { assertInside } from './gate.js';
import { LARGE_HUB, boundYoungGeneration } from './heap.js';

/** Where the InfoHub root was found, for messages. */
export type RootSource = '--infohub' | 'CSP_INFOHUB' | 'search' | 'created';

/** The paths of one account's files (absolute). */
export interface AccountPaths {
  dir: string;
  successPlan: string;
  csp: string;
  history: string;
  artifacts: string;
  actionTracker: string;
  riskRegister: string;
  decisionLog: string;
  accountPlan: string;
  /** health_signals.yaml: the dated customer-health signals (csp signal). */
  healthSignals: string;
}

/**
 * Finds the InfoHub root: the --infohub flag, else $CSP_INFOHUB, else the nearest folder named
 * `infohub` (or holding `.csp.yaml`, or an `infohub/` child) from cwd upwards, up to and
 * including the git top level. Throws PreconditionError (exit 3) when there is none; with
 * `create`, the flag's folder (or `infohub/` at the git top level or cwd) is created instead.
 */
export function findInfoHubRoot(opts: { flag?: string; env?: string; cwd: string; create?: boolean }): {
  root: string;
  source: RootSource;
} {
  const explicit = opts.flag ?? opts.env;
  if (explicit) {
    const root = resolve(opts.cwd, explicit);
    const source: RootSource = opts.flag ? '--infohub' : 'CSP_INFOHUB';
    if (isDir(root)) return { root, source };
    if (opts.create && isDir(dirname(root))) return { root, source };
    throw new PreconditionError(`the InfoHub folder ${root} (from ${source}) does not exist`, {
      code: 'no-infohub',
      hint: 'check the path, or create it with csp init <account> --name "<customer>" --owner "<SA>" --infohub <dir>',
    });
  }
  let dir = resolve(opts.cwd);
  for (;;) {
    const base = dir.split(sep).pop();
    if (base === 'infohub' || existsSync(join(dir, '.csp.yaml'))) return { root: dir, source: 'search' };
    if (isDir(join(dir, 'infohub'))) return { root: join(dir, 'infohub'), source: 'search' };
    const parent = dirname(dir);
    if (existsSync(join(dir, '.git')) || parent === dir) {
      if (opts.create)
        return { root: join(existsSync(join(dir, '.git')) ? dir : resolve(opts.cwd), 'infohub'), source: 'created' };
      throw new PreconditionError('no InfoHub found from this folder up to the repository root', {
        code: 'no-infohub',
        hint: 'pass --infohub <dir>, set CSP_INFOHUB, or run csp init <account> --name "<customer>" --owner "<SA>" to create ./infohub',
      });
    }
    dir = parent;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Refuses an unsafe account slug (exit 2): '..', '/', NUL, upper case, reserved names. */
export function checkSlug(slug: string): void {
  const problem = slugProblem(slug);
  if (problem) {
    throw new UsageError(`invalid account name ${JSON.stringify(slug)}: ${problem}`, {
      code: 'bad-account',
      hint: 'use the account slug: lower-case letters, digits, - and _ (e.g. acme-corp)',
    });
  }
}

/** The files of an account. Throws UsageError for an unsafe slug. */
export function accountPaths(root: string, slug: string): AccountPaths {
  checkSlug(slug);
  const dir = join(root, slug);
  const successPlan = join(dir, 'success_plan');
  return {
    dir,
    successPlan,
    csp: join(successPlan, 'csp.yaml'),
    history: join(successPlan, 'csp_history'),
    artifacts: join(successPlan, 'csp_artifacts'),
    actionTracker: join(dir, 'action_tracker.yaml'),
    riskRegister: join(dir, 'risk_register.yaml'),
    decisionLog: join(dir, 'decision_log.yaml'),
    accountPlan: join(dir, 'account_plan'),
    healthSignals: join(dir, 'health_signals.yaml'),
  };
}

/** The link rule of every path csp opens (gate.ts): inside the InfoHub and its own top-level folder. */
export { assertInside } from './gate.js';

/** An account folder that csp will not read, and why. */
export interface SkippedAccount {
  name: string;
  reason: string;
}

/**
 * The accounts of an InfoHub (folders with success_plan/csp.yaml, or with `marker`, a path
 * relative to the account folder), sorted; unsafe folders are skipped with a reason.
 */
export function listAccounts(
  root: string,
  marker = 'success_plan/csp.yaml',
): { accounts: string[]; skipped: SkippedAccount[] } {
  const accounts: string[] = [];
  const skipped: SkippedAccount[] = [];
  // NOTE: the types come with the names (no lstat for each of 10,000 folders: issue 4).
  const entries = readdirSync(root, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  if (entries.length >= LARGE_HUB) boundYoungGeneration();
  for (const stat of entries) {
    const name = stat.name;
    if (name.startsWith('.')) continue;
    const dir = join(root, name);
    if (stat.isSymbolicLink()) {
      try {
        assertInside(root, dir);
      } catch (error) {
        const code = (error as { code?: string }).code;
        skipped.push({
          name,
          reason:
            code === 'link-to-account'
              ? 'a symbolic link into another account'
              : 'a symbolic link that leads outside the InfoHub',
        });
        continue;
      }
    } else if (!stat.isDirectory()) continue;
    if (!exists(join(dir, marker))) continue;
    const problem = slugProblem(name);
    if (problem) {
      skipped.push({ name, reason: problem });
      continue;
    }
    accounts.push(name);
  }
  return { accounts, skipped };
}

/** The modeline for a file of a kind: `# yaml-language-server: $schema=<relative path>`. */
export function modelineFor(root: string, file: string, kind: DocKind): string {
  const target = join(root, '.csp', 'schemas', SCHEMA_FILES[kind]);
  return `# yaml-language-server: $schema=${relative(dirname(file), target).split(sep).join('/')}`;
}

/** The schema copies that are missing or out of date in <root>/.csp/schemas/, as writes (text read, text to write). */
export function schemaCopyWrites(
  root: string,
  kinds: readonly DocKind[] = [
    'csp',
    'action_tracker',
    'risk_register',
    'decision_log',
    'config',
    'account_plan',
    'health_signals',
  ],
): Array<{ path: string; before: string | null; after: string }> {
  const writes: Array<{ path: string; before: string | null; after: string }> = [];
  for (const kind of kinds) {
    const target = join(root, '.csp', 'schemas', SCHEMA_FILES[kind]);
    assertInside(root, target);
    const text = readSchemaText(kind);
    // NOTE: schemas are small and csp's own; no size cap or UTF-8 check is needed to compare them.
    const current = readIfExists(target);
    if (current !== text) writes.push({ path: target, before: current, after: text });
  }
  return writes;
}

/** The InfoHub roots whose schema copies this process has already checked (once per command). */
const refreshedRoots = new Set<string>();

/**
 * Brings the InfoHub's schema copies (`<root>/.csp/schemas/`) up to date with this csp's schemas,
 * once per process: called after every write csp makes in the InfoHub, so an editor never flags
 * a field csp itself wrote (meta.last_refresh) against a copy from an older csp. Only where the
 * folder exists (init and import create it); copies that are missing from it are added. Returns
 * the files written. Best effort: a copy that cannot be written is left for the next command.
 */
export function refreshSchemaCopies(root: string): string[] {
  const key = resolve(root);
  if (refreshedRoots.has(key)) return [];
  refreshedRoots.add(key);
  if (!existsSync(join(key, '.csp', 'schemas'))) return [];
  const written: string[] = [];
  for (const write of schemaCopyWrites(key)) {
    try {
      writeFileAtomic(write.path, write.after);
      written.push(write.path);
    } catch {
      // NOTE: a stale copy only misleads the editor; it must not fail the write that already happened.
    }
  }
  return written;
}
