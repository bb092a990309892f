import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cleanSpeech, NotesFormatError, parseNotes, sentencesOf } from '../../../src/notes/parse.js';

const fixture = (id: string) => readFileSync(new URL(`../../fixtures/qmsum-ami/${id}.json`, import.meta.url), 'utf8');

describe('parseNotes', () => {
  it.each(['ES2002a', 'ES2002b', 'ES2002c', 'ES2002d'])(
    'reads the QMSum meeting %s, keeping transcript indexes',
    (id) => {
      const raw = JSON.parse(fixture(id)).meeting_transcripts;
      const t = parseNotes(fixture(id), `${id}.json`);
      expect(t.format).toBe('qmsum');
      expect(t.turns.length).toBeGreaterThan(200);
      for (const turn of t.turns) {
        expect(raw[turn.index].speaker).toBe(turn.speaker);
        expect(turn.text).not.toMatch(/\{(vocalsound|disfmarker|gap)\}|\s[.,?]/);
      }
    },
  );

  it('reads markdown: title, date, sections, speakers and bullets', () => {
    const t = parseNotes(
      '# Weekly 2026-11-20\n\n**Attendees:** Sarah\n\n## Action items\n- [ ] **Sarah:** send the deck\n- Priya to book the QBR\n\nDecisions:\n1. Nightly sync\n',
      'notes.md',
    );
    expect(t).toMatchObject({ format: 'markdown', title: 'Weekly 2026-11-20', date: '2026-11-20' });
    expect(t.turns.map((x) => [x.index, x.section, x.speaker, x.text])).toEqual([
      [3, null, null, 'Attendees: Sarah'],
      [6, 'action items', 'Sarah', 'send the deck'],
      [7, 'action items', null, 'Priya to book the QBR'],
      [10, 'decisions', null, 'Nightly sync'],
    ]);
  });

  it('reads plain text with "Name:" turns and a Date line', () => {
    const t = parseNotes(
      'Date: 2026-11-20\nSarah Chen: the kickoff is done.\nthen we talked about pricing\n',
      'call.txt',
    );
    expect(t).toMatchObject({ format: 'text', date: '2026-11-20' });
    expect(t.turns.map((x) => [x.speaker, x.text])).toEqual([
      ['Sarah Chen', 'the kickoff is done.'],
      [null, 'then we talked about pricing'],
    ]);
  });

  it.each([
    ['{"hello": 1}', 'x.json', /QMSum/],
    ['{not json', 'x.json', /not valid JSON/],
    ['\n\n  \n', 'x.txt', /no text/],
  ])('refuses %j', (text, name, message) => {
    expect(() => parseNotes(text, name)).toThrow(NotesFormatError);
    expect(() => parseNotes(text, name)).toThrow(message);
  });
});

describe('cleanSpeech and sentencesOf', () => {
  it.each([
    ['Um {vocalsound} we decided on the L_C_D_ , uh , the the remote .', 'we decided on the LCD, the remote.'],
    ["So we're not gonna have the T_V_ {disfmarker} anymore .", "So we're not gonna have the TV anymore."],
  ])('cleans %j', (raw, clean) => {
    expect(cleanSpeech(raw)).toBe(clean);
  });

  it('splits sentences but keeps abbreviations', () => {
    expect(sentencesOf('We agreed. then Dr. Lee will send it, e.g. by Friday; next item')).toEqual([
      'We agreed.',
      'then Dr. Lee will send it, e.g. by Friday',
      'next item',
    ]);
  });
});
