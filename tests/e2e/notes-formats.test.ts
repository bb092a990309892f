/**
 * csp notes reads the formats CSMs have (issue 17), told apart by content: each sample in
 * tests/fixtures/notes-formats/ (SOURCE.md names what each imitates) gives the same decision and
 * the same owned, dated action; anything else is refused naming the formats.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, writeFileSync } from 'node:fs';
import { ROOT, runCsp } from '../helpers/cli.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';
import { seedAcme } from './notes-seed.js';

const FIXTURES = `${ROOT}tests/fixtures/notes-formats/`;
/** An account with Priya (the owner) and Sarah (a stakeholder), as csp init and csp add give it. */
const seeded = (): Promise<TempRepo> => seedAcme();

const FORMATS = [
  ['teams.vtt', 'webvtt'],
  ['zoom.vtt', 'webvtt'],
  ['otter.srt', 'srt'],
  ['call-timestamps.txt', 'text'],
  ['otter.txt', 'text'],
  ['weekly.md', 'markdown'],
  ['teams.docx', 'docx'],
] as const;

describe('csp notes reads each format by its content', () => {
  it('WebVTT (Teams, Zoom), SRT (Otter), timestamped "Speaker: text", Markdown, DOCX: the same decision and action from each', async () => {
    const repo = await seeded();
    for (const [file, format] of FORMATS) {
      // NOTE: the name says nothing: each sample is copied under a neutral name.
      copyFileSync(`${FIXTURES}${file}`, repo.path('meeting.notes'));
      const run = await runCsp(
        ['notes', 'acme', 'meeting.notes', '--offline', '--dry-run', '--date', '2026-11-20', '--json'],
        { cwd: repo.dir },
      );
      expect(run.code, `${file}: ${run.stderr}`).toBe(0);
      const out = JSON.parse(run.stdout) as {
        format: string;
        items: Array<{ kind: string; summary: string; evidence: string; turns: number[] }>;
      };
      expect(out.format, file).toBe(format);
      const decisions = out.items.filter((i) => i.kind === 'decision');
      const actions = out.items.filter((i) => i.kind === 'action');
      expect(
        decisions.map((d) => d.evidence),
        file,
      ).toEqual([expect.stringMatching(/nightly CRM sync/)]);
      expect(actions, file).toHaveLength(1);
      expect(actions[0].summary, file).toMatch(/Priya Natarajan/);
      expect(actions[0].summary, file).toMatch(/2026-11-27/);
      for (const i of out.items) expect(i.turns.length, file).toBeGreaterThan(0);
    }
  }, 240_000);

  it('refuses a PDF, HTML, JSON that is not a QMSum meeting and binary data, naming the formats it reads (exit 2)', async () => {
    const repo = await seeded();
    for (const [what, content] of [
      ['a PDF', '%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'],
      ['HTML', '<!DOCTYPE html>\n<html><body><p>Sarah: we agreed</p></body></html>\n'],
      ['JSON that is not a QMSum meeting', '{"messages": [{"from": "Sarah", "text": "we agreed"}]}\n'],
      ['a PNG (not UTF-8)', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff, 0xfe])],
      ['a zip that is not a Word document', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00])],
    ] as Array<[string, string | Buffer]>) {
      writeFileSync(repo.path('meeting.notes'), content);
      const run = await runCsp(['notes', 'acme', 'meeting.notes', '--offline', '--dry-run'], { cwd: repo.dir });
      expect(run.code, `${what}: ${run.stderr}`).toBe(2);
      for (const name of [/WebVTT/, /SRT/, /DOCX/, /QMSum/, /Markdown/]) expect(run.stderr, what).toMatch(name);
      expect(run.stderr, what).not.toMatch(/\n\s+at /);
    }
  }, 240_000);
});
