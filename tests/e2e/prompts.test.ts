/**
 * Prompts only on a terminal: csp init asks for what is missing when run in a pseudo-terminal
 * (util-linux `script` gives the child a real TTY), and Ctrl-C at a prompt exits 130 with nothing
 * written. Without a terminal the same command is a usage error (cli-contract.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BIN, isolatedEnv } from '../helpers/cli.js';
import { tempRepo } from '../helpers/repo.js';

/** Runs a command line in a pseudo-terminal; answers each prompt (matched on screen) in turn. */
function inTerminal(
  command: string,
  cwd: string,
  script: Array<[RegExp, string]>,
): Promise<{ code: number; screen: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...isolatedEnv(cwd), CI: '', TERM: 'xterm' };
    delete (env as Record<string, string | undefined>).CI;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let step = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const onData = (d: Buffer) => {
      screen += d.toString('utf8');
      while (step < script.length && script[step][0].test(screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''))) {
        child.stdin.write(script[step][1]);
        step++;
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ code: code ?? 1, screen: screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '') });
    });
  });
}

describe('prompts on a terminal', () => {
  it('csp init asks for the name and owner it was not given', async () => {
    const repo = tempRepo();
    const run = await inTerminal(`node ${BIN} init acme --arr 250k`, repo.dir, [
      [/Customer's name:/, 'Acme Corp\r'],
      [/Plan owner \(the SA\):/, 'Priya Natarajan\r'],
    ]);
    expect(run.code, run.screen).toBe(0);
    const plan = repo.read('infohub/acme/success_plan/csp.yaml');
    expect(plan).toContain('account_name: Acme Corp');
    expect(plan).toMatch(/owner:\n {4}name: Priya Natarajan/);
  });

  it('Ctrl-C at a prompt exits 130 and writes nothing', async () => {
    const repo = tempRepo();
    const run = await inTerminal(`node ${BIN} init acme`, repo.dir, [[/Customer's name:/, '\x03']]);
    expect(run.code).toBe(130);
    expect(run.screen).toContain('Cancelled.');
    expect(existsSync(repo.path('infohub/acme/success_plan/csp.yaml'))).toBe(false);
  });

  it('Ctrl-D at a prompt is a cancel too: exit 130, nothing written (issue 19)', async () => {
    const repo = tempRepo();
    const run = await inTerminal(`node ${BIN} init acme`, repo.dir, [[/Customer's name:/, '\x04']]);
    expect(run.code, run.screen).toBe(130);
    expect(run.screen).toContain('Cancelled.');
    expect(existsSync(repo.path('infohub/acme/success_plan/csp.yaml'))).toBe(false);
  });

  it('Ctrl-D at a later prompt cancels too (exit 130), it is not an empty answer', async () => {
    const repo = tempRepo();
    const run = await inTerminal(`node ${BIN} init acme --name Acme`, repo.dir, [[/Plan owner/, '\x04']]);
    expect(run.code, run.screen).toBe(130);
    expect(existsSync(repo.path('infohub/acme/success_plan/csp.yaml'))).toBe(false);
  });
});
