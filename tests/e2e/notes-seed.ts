/** The account the csp notes tests start from: Acme with Priya (the owner) and Sarah (a customer champion). */
import { expect } from 'vitest';
import { runCsp } from '../helpers/cli.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';

/** A new repository holding acme as csp init and csp add give it, then the `more` csp commands, each expected to exit 0. */
export async function seedAcme(more: string[][] = []): Promise<TempRepo> {
  const repo = tempRepo();
  for (const args of [
    [
      'init',
      'acme',
      '--name',
      'Acme Corp',
      '--owner',
      'Priya Natarajan',
      '--arr',
      '250k',
      '--industry',
      'Technology',
      '--use-case',
      'CS operations',
      '--background',
      'Three tools',
    ],
    [
      'add',
      'stakeholder',
      'acme',
      '--name',
      'Sarah Chen',
      '--title',
      'VP Product',
      '--role',
      'champion',
      '--side',
      'customer',
    ],
    ...more,
  ]) {
    const run = await runCsp(args, { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
  }
  return repo;
}
