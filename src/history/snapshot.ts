/**
 * Taking a snapshot (SPEC "History"): copy csp.yaml byte for byte to
 * csp_history/csp_v<N>_<date>.yaml and commit the two files, and nothing else, through git.
 * Used by `csp snapshot` and, on their own, by develop, finalize and handoff. On failure it undoes
 * only what it did: the snapshot file is removed and, when the caller changed the plan for this
 * step, the plan's previous text is put back.
 */
import { mkdirSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../cli/context.js';
import type { Hub } from '../cli/hub.js';
import { createFileAtomic, exists, readTextFile, writeFileAtomic } from '../storage/files.js';
import { nextVersion, snapshotFileName } from './versions.js';

/** A snapshot that was taken. */
export interface Snapshot {
  version: number;
  /** Absolute path of the snapshot file. */
  file: string;
  commit: string;
}

/**
 * Snapshots an account's plan and commits it. `previousText` is the plan's text before the
 * caller's change (put back if the commit fails). Throws ExternalError (exit 4) when git fails.
 */
export async function takeSnapshot(
  ctx: AppContext,
  hub: Hub,
  account: string,
  options: { repo: string; phase: string; message?: string; previousText?: string },
): Promise<Snapshot> {
  const paths = hub.paths(account);
  mkdirSync(paths.history, { recursive: true });
  const version = nextVersion(readdirSync(paths.history));
  const file = join(paths.history, snapshotFileName(version, hub.today));
  const text = readTextFile(paths.csp, hub.config.maxFileBytes);
  createFileAtomic(file, text);
  const subject = `csp(${account}): snapshot v${version} in ${options.phase}${options.message ? ` - ${options.message}` : ''}`;
  try {
    const commit = await (await ctx.git()).commitFiles(options.repo, [paths.csp, file], subject);
    return { version, file, commit };
  } catch (error) {
    if (exists(file)) unlinkSync(file);
    if (options.previousText !== undefined) writeFileAtomic(paths.csp, options.previousText);
    throw error;
  }
}
