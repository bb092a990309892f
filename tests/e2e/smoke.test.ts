import { describe, expect, it } from 'vitest';
import { runCsp } from '../helpers/cli.js';
import { tempRepo } from '../helpers/repo.js';

describe('csp smoke', () => {
  it('prints help with an example and exits 0', async () => {
    const repo = tempRepo();
    const run = await runCsp(['--help'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Example:');
  });

  it('maps an unknown flag to exit 2', async () => {
    const repo = tempRepo();
    const run = await runCsp(['validate', '--bogus'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option '--bogus'");
  });
});
