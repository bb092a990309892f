/**
 * Meeting notes in, a transcript out (issue 5 "csp notes"): plain text, markdown, or the QMSum
 * JSON (`meeting_transcripts[{speaker, content}]`, AMI transcripts with `{vocalsound}`-style
 * markup, `L_C_D_` spellings and spaced punctuation). Each turn keeps its index in the source
 * (the evidence a proposal cites) and, for markdown, the heading it sits under ("Action items",
 * "Decisions", "Risks"), which the extractor trusts more than free speech. The text is data: it
 * is never interpreted as instructions, only read. Pure: text in, transcript out.
 */
import { isIsoDate, type IsoDate } from '../domain/dates.js';

/** The formats csp notes reads. */
export type NotesFormat = 'qmsum' | 'markdown' | 'text';

/** One turn (a speaker's utterance, or one line or bullet of written notes). */
export interface Turn {
  /** Position in the source: the QMSum turn index, or the 1-based line number of written notes. */
  index: number;
  speaker: string | null;
  text: string;
  /** The markdown heading (or "Label:" line) the turn sits under, lower-case; null at the top. */
  section: string | null;
}

/** A meeting as csp notes reads it. */
export interface Transcript {
  format: NotesFormat;
  title: string | null;
  /** The meeting's date when the notes give one ("Date: 2026-11-20"). */
  date: IsoDate | null;
  turns: Turn[];
}

/** Notes that cannot be read (the command turns it into a UsageError naming the file). */
export class NotesFormatError extends Error {}

/**
 * Reads notes. `name` (the file name) decides JSON; markdown is told from text by its headings or
 * bullets. Throws NotesFormatError for JSON that is not a QMSum meeting, or notes with no text.
 */
export function parseNotes(text: string, name: string): Transcript {
  const trimmed = text.replace(/^\uFEFF/, '');
  if (/\.json$/i.test(name) || /^\s*\{/.test(trimmed)) return parseQmsum(trimmed);
  const markdown = /\.(md|markdown)$/i.test(name) || /^\s{0,3}(#{1,6}\s|[-*+]\s|\d+\.\s)/m.test(trimmed);
  const transcript = parseWritten(trimmed, markdown ? 'markdown' : 'text');
  if (transcript.turns.length === 0) throw new NotesFormatError('the notes hold no text');
  return transcript;
}

function parseQmsum(text: string): Transcript {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new NotesFormatError(`not valid JSON (${(error as Error).message})`);
  }
  const turns = (data as { meeting_transcripts?: unknown })?.meeting_transcripts;
  if (!Array.isArray(turns)) throw new NotesFormatError('JSON notes must be a QMSum meeting: an object with meeting_transcripts [{speaker, content}]');
  return {
    format: 'qmsum',
    title: null,
    date: null,
    turns: turns.flatMap((t, index) => {
      const content = cleanSpeech(String((t as { content?: unknown })?.content ?? ''));
      const speaker = String((t as { speaker?: unknown })?.speaker ?? '').trim() || null;
      return content ? [{ index, speaker, text: content, section: null }] : [];
    }),
  };
}

/**
 * Cleans transcribed speech: drops `{vocalsound}`-style markup and fillers (um, uh, mm-hmm),
 * joins spelled acronyms (`L_C_D_` -> LCD), fixes spaced punctuation, collapses stutters
 * ("the the" -> "the").
 */
export function cleanSpeech(text: string): string {
  return text
    .replace(/\{[a-z]+\}/gi, ' ')
    .replace(/\b((?:[A-Za-z]_){2,})/g, (m) => m.replace(/_/g, ''))
    .replace(/\b(um+|uh+|erm|hmm+|mm+|mm-hmm|uh-huh)\b[,.]?/gi, ' ')
    .replace(/\s+([.,?!;:])/g, '$1')
    .replace(/,(?:\s*,)+/g, ',')
    .replace(/,(?=[.?!])/g, '')
    .replace(/\s+'/g, "'")
    .replace(/\b(\w+)(\s+\1\b)+/gi, '$1')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s,.]+/, '')
    .trim();
}

const DATE_LINE = /^\s*(?:\*\*)?(?:date|meeting date|when)(?:\*\*)?\s*:\s*(?:\*\*)?\s*(\d{4}-\d{2}-\d{2})/i;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;
const LABEL = /^\s*(?:\*\*|__)?([A-Za-z][A-Za-z /&-]{1,40}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*$/;
const SPEAKER = /^\s*(?:\*\*|__)?([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.+)$/;
const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/;

function parseWritten(text: string, format: 'markdown' | 'text'): Transcript {
  let title: string | null = null;
  let date: IsoDate | null = null;
  let section: string | null = null;
  const turns: Turn[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const d = DATE_LINE.exec(line);
    if (d && isIsoDate(d[1])) {
      date ??= d[1];
      return;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const name = stripEmphasis(heading[1]);
      if (title === null && /^#\s/.test(line)) {
        title = name;
        const inTitle = /\b(\d{4}-\d{2}-\d{2})\b/.exec(name);
        if (inTitle && isIsoDate(inTitle[1])) date ??= inTitle[1];
      } else section = name.toLowerCase();
      return;
    }
    const label = LABEL.exec(line);
    if (label && !BULLET.test(line)) {
      section = label[1].trim().toLowerCase();
      return;
    }
    const body = line.replace(BULLET, '');
    const spoken = SPEAKER.exec(body);
    const isSpeaker = spoken && !/^(note|decision|decided|action|todo|risk|agreed|next steps?|attendees|date)$/i.test(spoken[1]);
    const speaker = isSpeaker ? spoken![1].trim() : null;
    const content = stripEmphasis(isSpeaker ? spoken![2] : body);
    if (content) turns.push({ index: i + 1, speaker, text: content, section });
  });
  return { format, title, date, turns };
}

function stripEmphasis(text: string): string {
  return text.replace(/(\*\*|__)(.*?)\1/g, '$2').replace(/(^|\s)[*_](\S.*?\S|\S)[*_](?=\s|$|[.,;:])/g, '$1$2').replace(/`([^`]*)`/g, '$1').trim();
}

const ABBREVIATIONS = /\b(?:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|prof|inc|ltd|approx|no|st)\.$/i;

/** Splits a turn's text into sentences (., ! or ? and a space, or ;), keeping "e.g." and "Dr." inside. */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const piece of text.split(/(?<=[.!?])\s+(?=[A-Za-z0-9"'(])|;\s+/)) {
    current = current ? `${current} ${piece}` : piece;
    if (!ABBREVIATIONS.test(current)) {
      if (current.trim()) out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
