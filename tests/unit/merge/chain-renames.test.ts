import { describe, expect, it } from 'vitest';
import { chainRenames, type MergeLog } from '../../../src/commands/merge-file/operation.js';

describe('chainRenames (the renames a rebase step carries from the earlier steps)', () => {
  const log: MergeLog = {
    key: 'rebase:aaa:bbb',
    snapshots: [],
    renames: [
      { account: 'infohub/acme', commit: 'c1', from: 'obj-3', to: 'obj-4' },
      { account: 'infohub/beta', commit: 'c1', from: 'sh-2', to: 'sh-3' },
      { account: 'infohub/acme', commit: 'c3', from: 'obj-3', to: 'obj-4' },
      { account: 'infohub/acme', commit: 'c3', from: 'obj-4', to: 'obj-5' },
    ],
  };

  it('carries every earlier step of the account, also across a step that logged nothing', () => {
    expect([...chainRenames(log, 'infohub/acme', 'c4')]).toEqual([
      ['obj-3', 'obj-4'],
      ['obj-4', 'obj-5'],
    ]);
    expect([...chainRenames(log, 'infohub/acme', 'c2')]).toEqual([
      ['obj-3', 'obj-4'],
      ['obj-4', 'obj-5'],
    ]);
  });

  it("leaves out the replayed commit's own renames and other accounts'", () => {
    expect([...chainRenames(log, 'infohub/beta', 'c1')]).toEqual([]);
    expect([...chainRenames(log, 'infohub/acme', 'c3')]).toEqual([['obj-3', 'obj-4']]);
  });
});
