/**
 * csp's lines in the InfoHub's .gitattributes (they attach the merge driver, csp merge-file, to
 * csp's documents; git reads a .gitattributes in any folder for the paths below it): written by
 * csp init (in its transaction) and csp hook install, idempotent, keeping what is there.
 */
import { join } from 'node:path';
import { withDriverAttributes } from '../../merge/driver-setup.js';
import { readIfExists, writeFileAtomic } from '../../storage/files.js';
import type { PlannedWrite } from '../../storage/journal.js';

/** The write that adds csp's lines to `<dir>/.gitattributes` (before = after when none is missing). */
export function attributesWrite(dir: string): PlannedWrite {
  const path = join(dir, '.gitattributes');
  const before = readIfExists(path);
  return { path, before, after: withDriverAttributes(before) ?? before };
}

/** Adds csp's lines to `<dir>/.gitattributes` when some are missing. */
export function ensureAttributes(dir: string): { file: string; changed: boolean } {
  const write = attributesWrite(dir);
  if (write.after !== write.before && write.after !== null) writeFileAtomic(write.path, write.after);
  return { file: write.path, changed: write.after !== write.before };
}
