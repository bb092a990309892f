import { describe, expect, it } from 'vitest';
import {
  nextVersion,
  orderVersions,
  resolveVersionRef,
  snapshotsIn,
  VersionRefError,
} from '../../../src/history/versions.js';

const files = [
  'csp_v1_2026-11-19.yaml',
  'csp_v2_2026-11-20.yaml',
  'csp_v2_2026-11-21.yaml',
  'csp_v3_2026-11-22.yaml',
  'notes.md',
];
const commit = (name: string, hash: string) => ({
  name,
  hash,
  date: '2026-11-22T10:00:00Z',
  author: 'Test SA',
  message: 'snap',
});

describe('orderVersions', () => {
  it('lists snapshots in the order of the commits that added them, uncommitted ones last', () => {
    const snaps = snapshotsIn(files);
    const ordered = orderVersions(snaps, [
      commit('csp_v1_2026-11-19.yaml', 'a'),
      commit('csp_v2_2026-11-21.yaml', 'b'),
      commit('csp_v2_2026-11-20.yaml', 'c'),
    ]);
    expect(ordered.map((v) => [v.file, v.commit?.hash])).toEqual([
      ['csp_v1_2026-11-19.yaml', 'a'],
      ['csp_v2_2026-11-21.yaml', 'b'],
      ['csp_v2_2026-11-20.yaml', 'c'],
      ['csp_v3_2026-11-22.yaml', undefined],
    ]);
  });

  it('takes the highest version plus one after a merge of two v2', () => {
    expect(nextVersion(files)).toBe(4);
    expect(nextVersion([])).toBe(1);
  });
});

describe('resolveVersionRef', () => {
  const snaps = snapshotsIn(files);
  it.each([
    ['v1', 'csp_v1_2026-11-19.yaml'],
    ['3', 'csp_v3_2026-11-22.yaml'],
    ['V3', 'csp_v3_2026-11-22.yaml'],
    ['csp_v2_2026-11-21.yaml', 'csp_v2_2026-11-21.yaml'],
    ['csp_v2_2026-11-20', 'csp_v2_2026-11-20.yaml'],
  ])('%s names %s', (ref, file) => {
    expect(resolveVersionRef(snaps, ref).file).toBe(file);
  });

  it.each([
    ['v2', /v2 is ambiguous/, 'ambiguous', 2],
    ['v7', /there is no v7/, 'missing', 4],
    ['latest', /is not a version/, 'malformed', 4],
  ])('refuses %s', (ref, message, reason, candidates) => {
    try {
      resolveVersionRef(snaps, ref);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(VersionRefError);
      expect((error as VersionRefError).message).toMatch(message);
      expect((error as VersionRefError).reason).toBe(reason);
      expect((error as VersionRefError).candidates).toHaveLength(candidates);
    }
  });
});
