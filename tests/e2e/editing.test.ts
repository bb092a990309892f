/**
 * Issue 2: editing keeps the file a person wrote. A commented, hand-formatted csp.yaml edited
 * through csp add and csp set keeps every comment, the key order and every untouched line.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ROOT, runCsp } from '../helpers/cli.js';
import { tempRepo } from '../helpers/repo.js';

const PLAN = readFileSync(`${ROOT}tests/fixtures/plans-e2e/techcorp-csp.yaml`, 'utf8');
const FILE = 'infohub/techcorp-industries/success_plan/csp.yaml';

/** Lines of `after` that are not in `before`, and lines of `before` that are gone (multiset). */
function lineChanges(before: string, after: string): { added: string[]; removed: string[] } {
  const count = (lines: string[]) => lines.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const b = count(before.split('\n'));
  const a = count(after.split('\n'));
  const added: string[] = [];
  const removed: string[] = [];
  for (const [l, n] of a) for (let i = 0; i < n - (b.get(l) ?? 0); i++) added.push(l);
  for (const [l, n] of b) for (let i = 0; i < n - (a.get(l) ?? 0); i++) removed.push(l);
  return { added, removed };
}

describe('csp add and csp set keep a hand-formatted plan', () => {
  it('adds items without touching comments, order or other lines', async () => {
    const repo = tempRepo({ [FILE]: PLAN });
    const run = async (...args: string[]) => {
      const r = await runCsp(args, { cwd: repo.dir });
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    expect(
      await run(
        'add',
        'milestone',
        'techcorp-industries',
        '--phase',
        'ph-2',
        '--title',
        'SSO live',
        '--due',
        '2026-12-15',
        '--owner',
        'Marcus Webb',
      ),
    ).toBe('ms-4');
    expect(
      await run(
        'add',
        'risk',
        'techcorp-industries',
        '--title',
        'Budget freeze',
        '--probability',
        'low',
        '--impact',
        'medium',
        '--mitigation',
        'Phase the rollout',
        '--owner',
        'sh-1',
      ),
    ).toBe('rk-2');
    expect(
      await run(
        'add',
        'stakeholder',
        'techcorp-industries',
        '--name',
        'Ana Silva',
        '--title',
        'CS Ops Lead',
        '--role',
        'admin',
        '--side',
        'customer',
      ),
    ).toBe('sh-4');
    await run(
      'add',
      'measurement',
      'techcorp-industries',
      '--metric',
      'vm-1',
      '--value',
      '2.5',
      '--date',
      '2026-11-20',
    );
    await run('set', 'techcorp-industries', 'risks.rk-1.status', 'mitigating');

    const after = repo.read(FILE);
    const { added, removed } = lineChanges(PLAN, after);
    // Only what was asked for changed: the modeline, the updated date, the status, and the new items.
    expect(removed.sort()).toEqual(
      [
        '      measurements: []              # { date, value } appended monthly after go-live',
        '  updated: "2026-11-02"',
      ].sort(),
    );
    expect(after).toMatch(/- id: rk-1\n(?: {4}.*\n)*? {4}status: mitigating\n/);
    expect(added).toContain('# yaml-language-server: $schema=../../.csp/schemas/csp.schema.json');
    expect(added).toContain('  updated: "2026-11-22"');
    expect(added).toContain('    status: mitigating');
    expect(added).toContain('      measurements:              # { date, value } appended monthly after go-live');
    expect(added).toContain(
      '        - { id: ms-4, title: SSO live, due: "2026-12-15", owner: Marcus Webb, status: not_started }',
    );
    // Every comment of the original is still there, on its line.
    for (const line of PLAN.split('\n').filter((l) => l.includes('#') && !l.includes('measurements')))
      expect(after).toContain(line);
    // Top-level key order unchanged.
    const keys = (t: string) =>
      t
        .split('\n')
        .filter((l) => /^[a-z_]+:/.test(l))
        .map((l) => l.split(':')[0]);
    expect(keys(after)).toEqual(keys(PLAN));
    const check = await runCsp(['validate'], { cwd: repo.dir });
    expect(check.code, check.stdout).toBe(0);
  });

  it('refuses an edit that would add an error, and writes nothing', async () => {
    const repo = tempRepo({ [FILE]: PLAN });
    const r = await runCsp(
      [
        'add',
        'milestone',
        'techcorp-industries',
        '--phase',
        'ph-1',
        '--title',
        'Late',
        '--due',
        '2028-01-01',
        '--owner',
        'sh-1',
      ],
      { cwd: repo.dir },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("outside the plan's timeline");
    expect(repo.read(FILE)).toBe(PLAN);
    const unknown = await runCsp(
      [
        'add',
        'milestone',
        'techcorp-industries',
        '--phase',
        'ph-1',
        '--title',
        'X',
        '--due',
        '2026-12-03',
        '--owner',
        'Nobody',
      ],
      { cwd: repo.dir },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--owner "Nobody" is not one of the plan\'s people');
    expect(repo.read(FILE)).toBe(PLAN);
  });

  it('keeps CRLF line endings and a BOM', async () => {
    const crlf = '\uFEFF' + PLAN.replace(/\n/g, '\r\n');
    const repo = tempRepo({ [FILE]: crlf });
    const r = await runCsp(['set', 'techcorp-industries', 'customer_context.segment', 'Strategic'], { cwd: repo.dir });
    expect(r.code, r.stderr).toBe(0);
    const after = readFileSync(repo.path(FILE), 'utf8');
    expect(after.startsWith('\uFEFF# yaml-language-server')).toBe(true);
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(after).toContain('  segment: Strategic\r\n');
  });
});
