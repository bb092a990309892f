/**
 * Which logged renames csp validate names as pending (src/commands/merge-file/operation.ts
 * pendingRenames, issue 20): those no running operation, hook or stash waiter will apply.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pendingRenames } from '../../../src/commands/merge-file/operation.js';
import { tempDir } from '../../helpers/repo.js';

function gitDir(log: object, ...files: string[]): string {
  const dir = join(tempDir('csp-pending-'), '.git');
  mkdirSync(join(dir, 'csp'), { recursive: true });
  writeFileSync(join(dir, 'csp', 'merge-log.json'), JSON.stringify(log, null, 1));
  for (const f of files) mkdirSync(join(dir, f), { recursive: true });
  return dir;
}

const renames = [{ account: 'infohub/acme', commit: 'c'.repeat(40), from: 'obj-4', to: 'obj-5' }];

describe('pendingRenames', () => {
  it('names the operation and the ids when nothing will apply them', () => {
    const p = pendingRenames(gitDir({ key: `stash:${'a'.repeat(40)}`, renames, snapshots: [] }));
    expect(p).toMatchObject({ operation: 'git stash pop', ids: ['infohub/acme: obj-4 -> obj-5'] });
    expect(pendingRenames(gitDir({ key: `pick:${'b'.repeat(40)}`, renames, snapshots: [] }))?.operation).toBe(
      'git cherry-pick',
    );
  });

  it('is null with no renames, while the operation is under way, or while the stash waiter runs', () => {
    expect(pendingRenames(gitDir({ key: 'merge:x', renames: [], snapshots: [] }))).toBeNull();
    expect(pendingRenames(gitDir({ key: 'merge:x', renames, snapshots: [] }, 'MERGE_HEAD'))).toBeNull();
    expect(pendingRenames(gitDir({ key: 'pick:x', renames, snapshots: [] }, 'sequencer'))).toBeNull();
    expect(pendingRenames(gitDir({ key: 'rebase:x:y', renames, snapshots: [] }, 'rebase-merge'))).toBeNull();
    expect(pendingRenames(gitDir({ key: 'stash:x', renames, snapshots: [], waiter: process.pid }))).toBeNull();
    expect(pendingRenames(join(tempDir('csp-pending-'), '.git'))).toBeNull();
  });
});
