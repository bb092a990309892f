/** Control characters from data never reach a terminal raw (src/cli/render.ts, issue 19). */
import { describe, expect, it } from 'vitest';
import { createReporter, escapeControls, terminalStyles } from '../../../src/cli/render.js';

describe('escapeControls', () => {
  it('writes C0, DEL, C1 and bidi controls visibly, keeps tab, newline and ordinary text', () => {
    expect(escapeControls('Quire\x1b]0;PWNED\x07\x1b[2J')).toBe('Quire\\x1b]0;PWNED\\x07\\x1b[2J');
    expect(escapeControls('a\rb\x00c\x7fd\x9be')).toBe('a\\x0db\\x00c\\x7fd\\x9be');
    expect(escapeControls('evil\u202egnp.exe\u2066')).toBe('evil\\u202egnp.exe\\u2066');
    expect(escapeControls('tab\there\nnext line: café, 日本, €')).toBe('tab\there\nnext line: café, 日本, €');
  });
});

describe('terminalStyles', () => {
  it('with colour, lets the styles through and escapes the escapes data carries', () => {
    const { style, finish } = terminalStyles(true);
    expect(finish(style.red(`name: ${'\x1b[2J'}`))).toBe('\x1b[31mname: \\x1b[2J\x1b[39m');
    expect(finish(style.bold(`a ${style.dim('b')} c`))).toBe('\x1b[1ma \x1b[2mb\x1b[22m\x1b[1m c\x1b[22m');
  });

  it('every reporter line is escaped; the --json document is left to JSON', async () => {
    const written: string[] = [];
    const io = { stdout: { write: (t: string) => written.push(t) }, stderr: { write: (t: string) => written.push(t) } };
    const out = await createReporter(io, { json: false, color: false });
    out.result('Quire\x1b]0;PWNED\x07');
    out.info('x\x1b[2J');
    out.warn('y\x9b31m');
    expect(written.join('')).not.toMatch(/[\x1b\x07\x9b]/);
    const json = await createReporter(io, { json: true, color: false });
    written.length = 0;
    json.data({ name: 'Quire\x1b' });
    expect(JSON.parse(written.join('')).name).toBe('Quire\x1b');
  });
});
