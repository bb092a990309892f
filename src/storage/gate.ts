/**
 * The one rule for the files csp opens (issue 19, "Links and paths"): a path inside the InfoHub
 * must stay, once every symbolic link on it is followed, inside the InfoHub and inside the same
 * top-level folder (an account's folder, or `.csp`): a link out of the InfoHub, or from one
 * account into another (`infohub/evil -> quire-203`), is refused with PreconditionError (exit 3)
 * that names the link and where it leads, never what the target holds. A file outside the InfoHub
 * (a CRM export, an export's -o target) may be read where the user named it, but csp never writes
 * through a symbolic link there.
 *
 * files.ts calls checkRead / checkWrite before every read and write, so every command goes
 * through here once the CLI has registered the InfoHub root (guardHub, from infohub/hub.ts openHub);
 * assertInside is the same rule with the root given (the journal, the locks, listAccounts).
 */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { PreconditionError, type ErrorCode } from '../errors.js';
import { shellWord } from '../domain/shell.js';

/** The InfoHub root every read and write is checked against (set once per process). */
let hubRoot: string | undefined;

/**
 * Registers the InfoHub root that checkRead / checkWrite hold every path to (infohub/hub.ts and the
 * scan workers call it; undefined clears it).
 */
export function guardHub(root: string | undefined): void {
  hubRoot = root === undefined ? undefined : resolve(root);
}

/** The registered InfoHub root, if any (passed on to the scan workers). */
export function guardedHub(): string | undefined {
  return hubRoot;
}

/** Codes of the errors this gate throws (for callers that collect them as issues). */
export const LINK_ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'outside-infohub',
  'link-to-account',
  'output-is-link',
]);

/** True when an issue code is one of LINK_ERROR_CODES (so it is also an error code). */
export function isLinkErrorCode(code: string): code is 'outside-infohub' | 'link-to-account' | 'output-is-link' {
  return LINK_ERROR_CODES.has(code);
}

/**
 * Throws PreconditionError (exit 3) when path, once symlinks are resolved, is outside the InfoHub
 * root or in another top-level folder of it than the path names (a link into another account).
 * A path that does not exist yet is checked through its nearest existing ancestor; a dangling
 * link is followed to where it points.
 */
export function assertInside(root: string, path: string): void {
  const lexRoot = resolve(root);
  const lex = resolve(path);
  const realRoot = realRootOf(lexRoot);
  const real = realExisting(lex);
  const rel = relative(realRoot, real);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new PreconditionError(
      `${linkName(lexRoot, lex)} leads outside the InfoHub (to ${real}); csp did not open it`,
      {
        code: 'outside-infohub',
        hint: 'csp only reads and writes inside the InfoHub: replace the symbolic link with a real folder or file',
      },
    );
  }
  const lexRel = relative(lexRoot, lex);
  if (lexRel === '' || lexRel.startsWith('..')) return;
  const want = lexRel.split(sep)[0];
  const got = rel.split(sep)[0];
  if (want !== got) {
    const into = got === '' ? 'the InfoHub folder itself' : got.startsWith('.') ? `${got}` : `account "${got}"`;
    throw new PreconditionError(`${linkName(lexRoot, lex)} is a symbolic link into ${into}; csp did not open it`, {
      code: 'link-to-account',
      hint: `each account is read and written through its own folder only: replace the link with a real folder or file (ls -l ${linkName(lexRoot, lex)} shows it)`,
    });
  }
}

/**
 * The gate of every read (files.ts): a path inside the registered InfoHub must pass assertInside;
 * a path outside it was named by the user and is read as it is. Throws PreconditionError.
 */
export function checkRead(path: string): void {
  if (hubRoot !== undefined && isUnder(hubRoot, path)) assertInside(hubRoot, path);
}

/**
 * The gate of every write and removal (files.ts): a path inside the registered InfoHub must pass
 * assertInside; outside it, the file must not be a symbolic link (csp would replace the link, or
 * write where it points, which the user did not name). Throws PreconditionError.
 */
export function checkWrite(path: string): void {
  if (hubRoot !== undefined && isUnder(hubRoot, path)) {
    assertInside(hubRoot, path);
    return;
  }
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    link = false;
  }
  if (link) {
    throw new PreconditionError(`${path} is a symbolic link; csp does not write through links`, {
      code: 'output-is-link',
      hint: `remove the link (rm ${path}) or choose another file`,
    });
  }
}

/** The real paths of InfoHub roots already resolved (a scan checks 40,000 files against one root). */
const realRoots = new Map<string, string>();

function realRootOf(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = realExisting(root);
    // NOTE: a root that does not exist yet (csp init) is resolved again once it does.
    if (realRoots.size < 64 && isExisting(root)) realRoots.set(root, real);
  }
  return real;
}

function isExisting(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** True when path is the root or under it, by name (before links are followed). */
function isUnder(root: string, path: string): boolean {
  const rel = relative(root, resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The first symbolic link on path below root (what the user must fix), else path itself. */
function linkName(root: string, path: string): string {
  const rel = relative(root, path);
  if (rel.startsWith('..') || isAbsolute(rel)) return path;
  let at = root;
  for (const part of rel.split(sep)) {
    at = join(at, part);
    try {
      if (lstatSync(at).isSymbolicLink()) return at;
    } catch {
      return path;
    }
  }
  return path;
}

/**
 * The real path of path: of its nearest existing ancestor joined with the missing rest, a
 * dangling link followed to where it points (at most 40 links, as the kernel does). Throws
 * PreconditionError (link-loop, exit 3) for a path that goes through a loop of links.
 */
function realExisting(path: string): string {
  let probe = resolve(path);
  let rest: string[] = [];
  // NOTE: another csp process may remove an empty folder (.csp/locks) between a check and
  // realpathSync, so a vanished folder is handled as a missing one, not checked beforehand.
  for (let hops = 0; ; ) {
    try {
      return join(realpathSync.native(probe), ...rest);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP')
        throw new PreconditionError(`${path} goes through a loop of symbolic links; csp did not open it`, {
          code: 'link-loop',
          hint: `replace the looping links with a real folder or file (ls -l ${shellWord(dirname(path))} shows them)`,
        });
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(probe) === probe) throw error;
      let target: string | undefined;
      try {
        target = lstatSync(probe).isSymbolicLink() ? readlinkSync(probe) : undefined;
      } catch {
        target = undefined;
      }
      if (target !== undefined && hops++ < 40) {
        probe = resolve(dirname(probe), target);
        continue;
      }
      rest = [probe.slice(dirname(probe).length + (dirname(probe).endsWith(sep) ? 0 : 1)), ...rest];
      probe = dirname(probe);
    }
  }
}
