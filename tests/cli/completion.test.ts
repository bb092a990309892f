/** csp completion: the scripts are valid shell and complete commands, flags and accounts (in-process, no csp binary). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCompletion } from '../../src/commands/completion/run.js';

const dir = mkdtempSync(join(tmpdir(), 'csp-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hasShell = (shell: string): boolean => spawnSync(shell, ['-c', 'exit 0']).status === 0;

/** What bash offers for these words (the last is the one being completed), run in a subshell in cwd. */
function bashComplete(script: string, words: string[], cwd: string): string[] {
  const file = join(dir, 'csp.bash');
  writeFileSync(file, script);
  const line = `source ${JSON.stringify(file)}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _csp; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['--norc', '-c', line], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH } })
    .split('\n')
    .filter(Boolean);
}

describe('csp completion bash', () => {
  it('is valid bash (bash -n)', async () => {
    const file = join(dir, 'syntax.bash');
    writeFileSync(file, await runCompletion({ shell: 'bash' }));
    expect(spawnSync('bash', ['-n', file], { encoding: 'utf8' }).stderr).toBe('');
  });

  it.each<[string, string[], string[], string[]]>([
    ['a command', ['csp', 'va'], ['validate'], []],
    ['a command after a global flag and its value', ['csp', '--infohub', 'hub', 'snap'], ['snapshot'], []],
    ["a command's flags", ['csp', 'validate', '--st'], ['--staged', '--strict'], []],
    ['a subcommand', ['csp', 'ci', ''], ['github', 'gitlab'], []],
    [
      "a subcommand's flags",
      ['csp', 'ci', 'github', '--'],
      ['--branch', '--package', '--force', '--dry-run', '--json'],
      ['--include'],
    ],
    ['account names for an <account> argument', ['csp', 'snapshot', ''], ['acme', 'globex', '--force'], ['notes.txt']],
    ['no account names where there is no account argument', ['csp', 'validate', ''], ['--format'], ['acme']],
  ])('completes %s', async (_name, words, offered, notOffered) => {
    const cwd = join(dir, 'work');
    for (const account of ['acme', 'globex'])
      mkdirSync(join(cwd, 'infohub', account, 'success_plan'), { recursive: true });
    writeFileSync(join(cwd, 'infohub', 'notes.txt'), '');
    const got = bashComplete(await runCompletion({ shell: 'bash' }), words, cwd);
    for (const w of offered) expect(got).toContain(w);
    for (const w of notOffered) expect(got).not.toContain(w);
  });
});

describe.each(['zsh', 'fish'] as const)('csp completion %s', (shell) => {
  it('names every command and checks as valid syntax where the shell is installed', async () => {
    const script = await runCompletion({ shell });
    for (const command of ['validate', 'snapshot', 'account-plan', 'completion']) expect(script).toContain(command);
    expect(script).toContain(shell === 'fish' ? '-l dry-run' : '--dry-run');
    // NOTE: zsh and fish are not on every machine that runs the suite; where one is, its parser checks the script.
    if (hasShell(shell)) {
      const file = join(dir, `csp.${shell}`);
      writeFileSync(file, script);
      expect(spawnSync(shell, ['-n', file], { encoding: 'utf8' }).status).toBe(0);
    }
  });
});
