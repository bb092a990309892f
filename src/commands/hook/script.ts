/**
 * The pre-commit hook script csp installs, and how csp recognises its own. Pure: text out.
 * It runs a chained hook first (when --chain kept one), then `csp validate --staged` with the
 * node and csp that installed it (GUI git clients often have no node on their PATH), falling back
 * to `csp` on the PATH. It never reads stdin and never prompts (ECOSYSTEM: hooks get an empty stdin).
 */
import { shQuote } from '../../domain/shell.js';

/** The line that marks a hook as csp's. */
export const HOOK_MARKER = '# csp pre-commit hook';

/** The file name an existing hook is moved to by --chain, and kept as by --force. */
export const CHAINED_NAME = 'pre-commit.csp-chained';
export const BACKUP_NAME = 'pre-commit.csp-backup';

/** The command a hook manager (husky, lefthook...) should run, for projects that have csp as a dependency. */
export const HOOK_COMMAND = 'npx --no-install csp validate --staged --quiet';

/** The hook script: `node` and `csp` are absolute paths of the installing node and csp binary. */
export function hookScript(options: { node: string; csp: string; version: string }): string {
  return `#!/bin/sh
${HOOK_MARKER}, installed by csp hook install (csp ${options.version}).
# Refuses a commit when a staged CSP, action tracker, risk register or decision log has an error.
# Skip it once with git commit --no-verify; remove it by deleting this file.
hooks_dir=$(dirname "$0")
if [ -x "$hooks_dir/${CHAINED_NAME}" ]; then
  "$hooks_dir/${CHAINED_NAME}" "$@" || exit $?
fi
node=${shQuote(options.node)}
csp=${shQuote(options.csp)}
[ -x "$node" ] || node=node
if [ -f "$csp" ]; then
  exec "$node" "$csp" validate --staged --quiet </dev/null
fi
if command -v csp >/dev/null 2>&1; then
  exec csp validate --staged --quiet </dev/null
fi
echo "csp pre-commit hook: csp is neither at $csp nor on the PATH. Reinstall it with csp hook install, or commit with --no-verify." >&2
exit 1
`;
}

/** The line that marks a post-merge or post-rewrite hook as csp's. */
export const FINISH_MARKER = '# csp merge hook';

/**
 * The post-merge, post-rewrite and post-commit hook: after a merge, a rebase, a cherry-pick's
 * commit, or the commit that concludes a merge a person finished, `csp merge-file --finish` commits the snapshots the merge
 * driver kept under a new number (both sides took one name) and the references to the ids it
 * renumbered in files only the renumbered side changed. It starts node only when the driver
 * logged such a snapshot or rename; an amend is not a merge.
 */
export function finishHookScript(options: {
  node: string;
  csp: string;
  version: string;
  hook: 'post-merge' | 'post-rewrite' | 'post-commit';
}): string {
  const guard = {
    'post-merge': '',
    'post-rewrite': '[ "$1" = rebase ] || exit 0\n',
    // NOTE: post-commit finishes a merge a person concluded (HEAD has two parents) and a
    // cherry-pick (the log's key says so; csp merge-file --finish waits for a sequence's last
    // pick); the commits a rebase replays run it too, and the rebase's own post-rewrite finishes those.
    'post-commit':
      'if [ -d "$git_dir/rebase-merge" ] || [ -d "$git_dir/rebase-apply" ]; then exit 0; fi\n' +
      'git rev-parse -q --verify HEAD^2 >/dev/null || grep -q \'"key": "pick:\' "$git_dir/csp/merge-log.json" 2>/dev/null || exit 0\n',
  }[options.hook];
  return `#!/bin/sh
${FINISH_MARKER} (${options.hook}), installed by csp hook install (csp ${options.version}).
# Commits the snapshots csp merge-file kept under a new number when both sides took one name, and
# the references to ids the merge renumbered in files only this side changed.
git_dir="$(git rev-parse --git-dir)"
${guard}log="$git_dir/csp/merge-log.json"
grep -q -e '"snapshots": \\[$' -e '"renames": \\[$' "$log" 2>/dev/null || exit 0
node=${shQuote(options.node)}
csp=${shQuote(options.csp)}
[ -x "$node" ] || node=node
if [ -f "$csp" ]; then
  exec "$node" "$csp" merge-file --finish </dev/null
fi
if command -v csp >/dev/null 2>&1; then
  exec csp merge-file --finish </dev/null
fi
echo "csp ${options.hook} hook: csp is neither at $csp nor on the PATH: git add and commit the snapshots csp merge-file named" >&2
exit 0
`;
}
