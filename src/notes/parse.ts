/**
 * Meeting notes in, a transcript out (issue 5 "csp notes"): plain text, markdown, or the QMSum
 * JSON (`meeting_transcripts[{speaker, content}]`, AMI transcripts with `{vocalsound}`-style
 * markup, `L_C_D_` spellings and spaced punctuation). Each turn keeps its index in the source
 * (the evidence a proposal cites) and, for markdown, the heading it sits under ("Action items",
 * "Decisions", "Risks"), which the extractor trusts more than free speech. The text is data: it
 * is never interpreted as instructions, only read. Pure: text in, transcript out.
 */
import { parse as parseCues } from '@plussub/srt-vtt-parser';
import { isIsoDate, type IsoDate } from '../domain/dates.js';

/** The formats csp notes reads, told apart by content (issue 17). */
export type NotesFormat = 'qmsum' | 'markdown' | 'text' | 'webvtt' | 'srt' | 'docx';

/** The formats, as csp names them to users (the error for anything else lists them). */
export const NOTES_FORMATS =
  'WebVTT (.vtt: Zoom, Teams, Google Meet), SRT (.srt: Otter and others), "Speaker: text" lines with or without timestamps, Markdown notes, DOCX (Teams transcripts), or QMSum JSON';

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
  // NOTE: binary content (a PDF, an old .doc) is refused by its PDF header or by control bytes
  // making up more than 2% of its start, whatever its name; a stray control character is text (and data).
  const head = trimmed.slice(0, 4096);
  if (/^%PDF-/.test(trimmed) || (head.match(/[\u0000-\u0008\u000e-\u001a]/g) ?? []).length > head.length / 50)
    throw new NotesFormatError(`not a format csp notes reads; it reads ${NOTES_FORMATS}`);
  if (/^\s*[{[]/.test(trimmed)) return parseQmsum(trimmed);
  if (/^WEBVTT(?:[ \t].*)?(?:\r?\n|$)/.test(trimmed)) return parseSubtitles(trimmed, 'webvtt');
  if (/^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}/.test(trimmed))
    return parseSubtitles(trimmed, 'srt');
  if (/^\s*<(?:!doctype|html|\?xml)/i.test(trimmed))
    throw new NotesFormatError(`HTML or XML is not a format csp notes reads; it reads ${NOTES_FORMATS}`);
  const markdown = /\.(md|markdown)$/i.test(name) || /^\s{0,3}(#{1,6}\s|[-*+]\s|\d+\.\s)/m.test(trimmed);
  const transcript = parseWritten(trimmed, markdown ? 'markdown' : 'text');
  if (transcript.turns.length === 0) throw new NotesFormatError('the notes hold no text');
  return transcript;
}

/**
 * WebVTT and SRT (parsed by @plussub/srt-vtt-parser): each cue's speaker from a `<v Name>` voice
 * tag (Teams, Google Meet) or a "Name: " prefix (Zoom, Otter); consecutive cues of one speaker
 * are joined into one turn until a sentence ends (subtitles cut sentences). A turn's index is the
 * number of its first cue (1-based).
 */
function parseSubtitles(text: string, format: 'webvtt' | 'srt'): Transcript {
  let entries: Array<{ text: string }>;
  try {
    entries = parseCues(text).entries;
  } catch (error) {
    throw new NotesFormatError(
      `not a valid ${format === 'webvtt' ? 'WebVTT' : 'SRT'} file (${(error as Error).message})`,
    );
  }
  const turns: Turn[] = [];
  entries.forEach((entry, i) => {
    const voice = /<v(?:\.[\w.-]+)?\s+([^>]+)>/.exec(entry.text);
    let body = entry.text
      .replace(/<\/?[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    let speaker = voice ? voice[1].trim() : null;
    const named = !speaker ? /^([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})\s*:\s+(.+)$/.exec(body) : null;
    if (named) {
      speaker = named[1];
      body = named[2];
    }
    body = cleanSpeech(body);
    if (!body) return;
    const last = turns[turns.length - 1];
    if (last && last.speaker === speaker && !/[.!?]["')\]]?$/.test(last.text)) last.text = `${last.text} ${body}`;
    else turns.push({ index: i + 1, speaker, text: body, section: null });
  });
  if (turns.length === 0)
    throw new NotesFormatError(`the ${format === 'webvtt' ? 'WebVTT' : 'SRT'} file holds no cues with text`);
  return { format, title: null, date: null, turns };
}

function parseQmsum(text: string): Transcript {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new NotesFormatError(`not valid JSON (${(error as Error).message}); csp notes reads ${NOTES_FORMATS}`);
  }
  const turns = (data as { meeting_transcripts?: unknown })?.meeting_transcripts;
  if (!Array.isArray(turns))
    throw new NotesFormatError(
      `JSON notes must be a QMSum meeting: an object with meeting_transcripts [{speaker, content}]; csp notes reads ${NOTES_FORMATS}`,
    );
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
/** A timestamp as transcripts write it: "[00:01:23]", "(1:23)", "00:01:23.450", "1:23 PM". */
const STAMP = String.raw`[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?(?:\s?[AP]M)?[\])]?`;
/** "[00:01:23] Name: text" or "00:01:23 Name: text": the timestamp first. */
const STAMP_FIRST = new RegExp(`^\\s*${STAMP}\\s*(?:-\\s*)?`);
/** "Name [00:01:23]: text", "Name (1:23): text" or "Name 00:01:23 text": the timestamp after the name. */
const STAMP_AFTER = new RegExp(`^\\s*([A-Z][\\w.'-]*(?:\\s+[A-Z][\\w.'-]*){0,3})\\s+${STAMP}\\s*:?\\s*(.*)$`);
const BULLET = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/;

function parseWritten(text: string, format: 'markdown' | 'text'): Transcript {
  let title: string | null = null;
  let date: IsoDate | null = null;
  let section: string | null = null;
  let pending: string | null = null;
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
    // NOTE: transcripts put a timestamp before or after the speaker's name; it is dropped. A name
    // and a timestamp alone on a line (Otter, Google Meet) name the speaker of the lines below.
    let body = line.replace(BULLET, '').replace(STAMP_FIRST, '');
    const after = STAMP_AFTER.exec(body);
    if (after) {
      if (!after[2].trim()) {
        pending = after[1];
        return;
      }
      body = `${after[1]}: ${after[2]}`;
    }
    if (!body.trim()) return;
    const spoken = SPEAKER.exec(body);
    const isSpeaker =
      spoken && !/^(note|decision|decided|action|todo|risk|agreed|next steps?|attendees|date)$/i.test(spoken[1]);
    const speaker = isSpeaker ? spoken![1].trim() : pending;
    const content = stripEmphasis(isSpeaker ? spoken![2] : body);
    if (content) turns.push({ index: i + 1, speaker, text: content, section });
  });
  return { format, title, date, turns };
}

function stripEmphasis(text: string): string {
  return text
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(^|\s)[*_](\S.*?\S|\S)[*_](?=\s|$|[.,;:])/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .trim();
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
