/**
 * Issue 15 "Done when": the README's "A plan's life in commands" block runs as written, top to
 * bottom, in a temporary InfoHub (a git repository with the Salesforce export the block names at
 * exports/salesforce). Each command must exit 0, or the code its comment names as "(exit N".
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCsp } from '../helpers/cli.js';
import { tempRepo } from '../helpers/repo.js';

/** One command of a README block: its words (quotes removed) and the exit code it documents. */
interface ReadmeCommand {
  line: string;
  args: string[];
  expected: number;
}

/** The sh block under a README heading, as commands (comments and blank lines skipped, `\` continuations joined). */
function readmeBlock(readme: string, heading: string): ReadmeCommand[] {
  const at = readme.indexOf(`\n## ${heading}\n`);
  if (at === -1) throw new Error(`README has no section "${heading}"`);
  const start = readme.indexOf('```sh\n', at) + '```sh\n'.length;
  const body = readme.slice(start, readme.indexOf('\n```', start));
  const joined = body.replace(/\\\n\s*/g, ' ').split('\n');
  return joined
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((line) => {
      const { words, comment } = shellWords(line);
      const code = /\(exit (\d+)/.exec(comment ?? '');
      return { line, args: words, expected: code ? Number(code[1]) : 0 };
    });
}

/** Splits a command line the way sh does for the plain quoting a README uses ("...", '...', words); stops at an unquoted #. */
function shellWords(line: string): { words: string[]; comment?: string } {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' || c === "'") {
      const end = line.indexOf(c, i + 1);
      if (end === -1) throw new Error(`unbalanced quote in: ${line}`);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === ' ' || c === '\t') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === '#' && word === null) {
      return { words, comment: line.slice(i + 1) };
    } else word = (word ?? '') + c;
  }
  if (word !== null) words.push(word);
  return { words };
}

describe('the README\'s "A plan\'s life in commands"', () => {
  it('runs as written, top to bottom, in a temp InfoHub', async () => {
    const commands = readmeBlock(readFileSync(join(ROOT, 'README.md'), 'utf8'), "A plan's life in commands");
    expect(commands.length).toBeGreaterThan(10);
    const repo = tempRepo();
    cpSync(join(ROOT, 'tests/fixtures/crm/sf-apex-recipes'), join(repo.dir, 'exports/salesforce'), { recursive: true });
    for (const command of commands) {
      expect(command.args[0], command.line).toBe('csp');
      const run = await runCsp(command.args.slice(1), { cwd: repo.dir });
      if (run.code !== command.expected)
        throw new Error(
          `README: \`${command.line}\` exited ${run.code}, expected ${command.expected}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`,
        );
    }
    const plan = repo.read('infohub/acme/success_plan/csp.yaml');
    expect(plan).toContain('phase: execute');
    expect(plan).toContain('status: active');
    const check = await runCsp(['validate', 'infohub/acme', '--json'], { cwd: repo.dir });
    expect(check.json().ok).toBe(true);
  }, 240_000);
});
