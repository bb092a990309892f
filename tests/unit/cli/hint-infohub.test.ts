/** Hints after --infohub name the same InfoHub (cli/hint-infohub.ts), and the sh words of printed commands (domain/shell.ts). */
import { describe, expect, it } from 'vitest';
import { infohubArgument, pinInfoHub } from '../../../src/cli/hint-infohub.js';
import { shQuote, shellWord } from '../../../src/domain/shell.js';

const COMMANDS = new Set(['set', 'add', 'validate', 'hook', 'init', 'help', 'completion']);

describe('infohubArgument', () => {
  it('reads --infohub dir and --infohub=dir, the last one winning, and nothing after --', () => {
    expect(infohubArgument(['status', '--infohub', 'hub'])).toBe('hub');
    expect(infohubArgument(['--infohub=my hub', 'status'])).toBe('my hub');
    expect(infohubArgument(['--infohub', 'a', 'set', '--infohub', 'b'])).toBe('b');
    expect(infohubArgument(['set', '--', '--infohub', 'x'])).toBeUndefined();
    expect(infohubArgument(['status'])).toBeUndefined();
    expect(infohubArgument(['status', '--infohub'])).toBeUndefined();
  });
});

describe('pinInfoHub', () => {
  it('puts --infohub after csp in every csp command a line names', () => {
    expect(pinInfoHub('  ->  csp set acme x "y"', 'hub', COMMANDS)).toBe('  ->  csp --infohub hub set acme x "y"');
    expect(pinInfoHub('fix: csp add risk acme; then csp validate', '/tmp/h', COMMANDS)).toBe(
      'fix: csp --infohub /tmp/h add risk acme; then csp --infohub /tmp/h validate',
    );
    expect(pinInfoHub('each clone runs `csp hook install` once', 'h', COMMANDS)).toBe(
      'each clone runs `csp --infohub h hook install` once',
    );
    expect(pinInfoHub('csp validate\ncsp set a b c', 'h', COMMANDS)).toBe(
      'csp --infohub h validate\ncsp --infohub h set a b c',
    );
  });

  it('quotes a folder sh would split, and leaves prose, other words and commands that name an InfoHub alone', () => {
    expect(pinInfoHub('run csp validate', "Priya's hub", COMMANDS)).toBe(
      `run csp --infohub 'Priya'\\''s hub' validate`,
    );
    expect(pinInfoHub('csp default health model', 'h', COMMANDS)).toBe('csp default health model');
    expect(pinInfoHub('the csp-validate job; mycsp set', 'h', COMMANDS)).toBe('the csp-validate job; mycsp set');
    expect(pinInfoHub('csp init acme --infohub <dir>', 'h', COMMANDS)).toBe('csp init acme --infohub <dir>');
    expect(pinInfoHub('csp help set; csp completion bash', 'h', COMMANDS)).toBe('csp help set; csp completion bash');
    expect(pinInfoHub('no command here', 'h', COMMANDS)).toBe('no command here');
  });
});

describe('shellWord and shQuote', () => {
  it('leaves plain words as they are and single-quotes the rest, a quote inside as sh needs it', () => {
    expect(shellWord('infohub/acme-1_2.yaml')).toBe('infohub/acme-1_2.yaml');
    expect(shellWord('a b')).toBe("'a b'");
    expect(shellWord("O'Neil")).toBe(`'O'\\''Neil'`);
    expect(shellWord('$HOME')).toBe("'$HOME'");
    expect(shellWord('')).toBe("''");
    expect(shQuote('plain')).toBe("'plain'");
  });
});
