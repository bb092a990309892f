/**
 * The README's first command: `csp validate --infohub infohub-example` on the bundled example,
 * made with the CLI from the Salesforce and Maven exports (scripts/make-example.sh): it holds an
 * account in each phase and every document is valid, and health signals for every account, so the
 * portfolio dashboard (csp site) shows real healthy / at-risk / critical shares.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCsp } from '../helpers/cli.js';

describe('infohub-example', () => {
  it('validates, with an account in every phase', async () => {
    const run = await runCsp(['validate', '--infohub', 'infohub-example', '--json'], { cwd: ROOT });
    expect(run.code, run.stdout).toBe(0);
    const report = run.json();
    expect(report.counts.errors).toBe(0);
    const phases = report.files.filter((f: any) => f.kind === 'csp').map((f: any) => f.phase);
    expect(new Set(phases)).toEqual(new Set(['initiate', 'develop', 'finalize', 'execute']));
    const sources = report.files.filter((f: any) => f.kind === 'csp').map((f: any) => f.account);
    expect(sources).toEqual(expect.arrayContaining(['betatech', 'quire-203', 'teklist-138']));
  });

  it('shows each account with its phase and gaps for a person', async () => {
    const run = await runCsp(['validate', '--infohub', 'infohub-example'], { cwd: ROOT });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/teklist-138\s+onboarding execute\s+active\s+valid/);
    expect(run.stdout).toMatch(/edgeblab-179\s+onboarding develop\s+draft\s+valid \(\d+ gaps before finalize\)/);
  });

  it('has health signals for every account: csp site shows the healthy / at-risk / critical shares, not "-"', async () => {
    const out = mkdtempSync(join(tmpdir(), 'csp-example-site-'));
    try {
      const run = await runCsp(
        ['site', '--infohub', 'infohub-example', '--as-of', '2026-12-01', '--out', out, '--json'],
        {
          cwd: ROOT,
        },
      );
      expect(run.code, run.stderr).toBe(0);
      const index = readFileSync(join(out, 'index.html'), 'utf8');
      const kpi = (key: string) => new RegExp(`data-kpi="${key}">([^<]*)<`).exec(index)?.[1];
      // teklist-138 and quire-203 green; edgeblab-179 and betatech yellow; bluth-company red.
      expect([kpi('healthy'), kpi('at-risk'), kpi('critical')]).toEqual(['40%', '40%', '20%']);
      expect(kpi('average')).toMatch(/^\d+(\.\d)?/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
