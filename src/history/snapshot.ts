/**
 * Taking a snapshot (SPEC "History"): copy csp.yaml byte for byte (its modeline pointed from the
 * snapshot's folder) to
 * csp_history/csp_v<N>_<date>.yaml and commit the two files, and nothing else, through git.
 * Used by `csp snapshot` and, on their own, by develop, finalize and handoff, which pass the
 * plan's change in too (and the files that change with it, `extra`): the plan, the snapshot and the commit are then one transaction
 * (storage/journal.ts): if the commit fails both files are put back, and a run killed halfway is
 * finished by the next csp command on the account. Runs under the account's lock. The number
 * counts the snapshots git's HEAD holds as well as those on disk.
 */
import { join } from 'node:path';
import type { Hub, HubContext } from '../infohub/hub.js';
import { readTextFile } from '../storage/files.js';
import { gitAccessOf, listSnapshots, type StoredSnapshot } from './read.js';
import { transaction, type PlannedWrite } from '../storage/journal.js';
import { modelineFor } from '../storage/infohub.js';
import { withModeline } from './modeline.js';
import { nextVersion, snapshotFileName } from './versions.js';

/** A snapshot that was taken. */
export interface Snapshot {
  version: number;
  /** Absolute path of the snapshot file. */
  file: string;
  commit: string;
}

/**
 * Snapshots an account's plan and commits it. `plan` is the caller's change of csp.yaml (its
 * text as read and the new text), written in the same transaction; without it the plan is
 * copied as it is. `snapshots`: the account's snapshots when the caller has listed them already
 * (listSnapshots, HEAD's tree included). Throws ExternalError (exit 4) when git fails (nothing is left changed),
 * PreconditionError when a file changed meanwhile.
 */
export async function takeSnapshot(
  ctx: HubContext,
  hub: Hub,
  account: string,
  options: {
    repo: string;
    phase: string;
    message?: string;
    command?: string;
    plan?: { before: string; after: string };
    extra?: readonly PlannedWrite[];
    snapshots?: readonly StoredSnapshot[];
  },
): Promise<Snapshot> {
  const paths = hub.paths(account);
  const git = await ctx.git();
  // NOTE: HEAD's tree counts too: a clone that leaves csp_history/ out of its working tree must
  // not take a number an existing snapshot holds (issue 20).
  const version = nextVersion(
    (options.snapshots ?? (await listSnapshots(paths, await gitAccessOf(git, options.repo)))).map((s) => s.file),
  );
  const file = join(paths.history, snapshotFileName(version, hub.today));
  const plan = options.plan ? options.plan.after : readTextFile(paths.csp, hub.config.maxFileBytes);
  // NOTE: the copy is one folder deeper than csp.yaml: its modeline must point one level further up.
  const text = withModeline(plan, modelineFor(hub.root, file, 'csp'));
  const subject = `csp(${account}): snapshot v${version} in ${options.phase}${options.message ? ` - ${options.message}` : ''}`;
  const extra = options.extra ?? [];
  const { commit } = await transaction(
    hub,
    account,
    [
      ...(options.plan ? [{ path: paths.csp, ...options.plan }] : []),
      ...extra,
      { path: file, before: null, after: text },
    ],
    {
      command: options.command ?? 'csp snapshot',
      commit: { repo: options.repo, message: subject, files: [paths.csp, ...extra.map((w) => w.path), file], git },
    },
  );
  return { version, file, commit: commit! };
}
