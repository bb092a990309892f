/**
 * The rule-based notes extractor (issue 5 "Without a key"): finds decisions, action items with
 * owners and due dates, risks from the words people use, milestone status changes and stakeholder
 * changes in a transcript, sentence by sentence. Written notes are trusted most: a bullet under a
 * "Decisions", "Action items" or "Risks" heading, or a "Decision:" / "Action:" prefix, is taken as
 * such (confidence 0.85-0.9); in free speech the extractor looks for the phrases people use
 * ("we agreed to", "let's go with", "I'll send", "Sarah will ... by Friday", "we're worried
 * that"), with lower confidence. Each sentence gives at most one decision or action. The text is
 * only matched against these patterns: nothing in it can make the extractor propose anything
 * other than these five kinds of finding. Pure: transcript and plan facts in, findings out.
 */
import type { IsoDate } from '../domain/dates.js';
import { contentWords, coverage, wordSimilarity } from '../domain/text-match.js';
import { parseDueDate } from './due-date.js';
import { sentencesOf, type Transcript } from './parse.js';

/** What every finding carries: where it was said and how sure the extractor is. */
interface FindingBase {
  /** The turn (QMSum index, or line of written notes) the finding comes from; null when the model gave no position. */
  turn: number | null;
  speaker: string | null;
  /** The words of the notes it comes from. */
  evidence: string;
  /** 0-1. */
  confidence: number;
}

/** A decision for decision_log.yaml. */
export interface DecisionFinding extends FindingBase {
  kind: 'decision';
  decision: string;
  decidedBy?: string;
  rationale?: string;
}
/** An action item: what, who (as named in the notes), by when. */
export interface ActionFinding extends FindingBase {
  kind: 'action';
  what: string;
  who?: string;
  when?: IsoDate;
}
/** A risk raised in the meeting. */
export interface RiskFinding extends FindingBase {
  kind: 'risk';
  title: string;
  probability: 'high' | 'medium' | 'low';
  impact: 'high' | 'medium' | 'low';
  mitigation?: string;
  owner?: string;
}
/** A plan milestone whose status the meeting reports. */
export interface MilestoneFinding extends FindingBase {
  kind: 'milestone';
  milestone: string;
  status: 'not_started' | 'in_progress' | 'done' | 'blocked' | 'missed';
}
/** A person who joined, left, or whose engagement changed. */
export interface StakeholderFinding extends FindingBase {
  kind: 'stakeholder';
  name: string;
  change: 'added' | 'left' | 'engagement';
  title?: string;
  role?: string;
  engagement?: 'high' | 'medium' | 'low';
}
/** Anything the extractor (or the model) can propose. */
export type NotesFinding = DecisionFinding | ActionFinding | RiskFinding | MilestoneFinding | StakeholderFinding;

/** What the extractor knows of the plan: its milestones and people. */
export interface NotesContext {
  meetingDate: IsoDate;
  milestones: ReadonlyArray<{ id: string; title: string; status?: string }>;
  people: ReadonlyArray<{ name: string; title?: string }>;
}

const WORK_VERBS =
  'send|share|prepare|draft|write|schedule|book|set up|follow up|update|review|check|confirm|provide|deliver|finish|complete|finali[sz]e|circulate|organi[sz]e|arrange|create|build|test|fix|deploy|install|configure|migrate|call|email|e-mail|contact|reach out|introduce|present|research|investigate|look into|find out|gather|collect|document|report|train|run|analy[sz]e|evaluate|estimate|price|sign|submit|approve|demo|map|clean up|invite|plan|work on|get back|put together|come up with|bring|send out|draw up|figure out|sort out|add|remove|escalate|negotiate|renew|onboard|enable|kick off';
const ACTION_SELF = new RegExp(`^(?:(?:so|okay|ok|right|and|well|yeah|then|alright),?\\s+)*(?:i(?:'ll| will|'m going to|'m gonna| am going to| can| need to| have to)|let me)\\s+(?:just\\s+|also\\s+|then\\s+|quickly\\s+|go and\\s+)?(${WORK_VERBS})\\b`, 'i');
const ACTION_NAMED = new RegExp(`\\b([A-Z][a-z]+(?:\\s[A-Z][a-z]+)?)\\s+(?:will|'ll|is going to|is gonna|to|needs to|has to|agreed to|should|can|owns?|takes?)\\s+(?:also\\s+|then\\s+)?(${WORK_VERBS})\\b`);
const ACTION_TEAM = new RegExp(`\\bwe(?:'ll| will| need to| have to|'ve got to| must| are going to|'re going to|'re gonna)\\s+(?:also\\s+|then\\s+)?(${WORK_VERBS})\\b`, 'i');
const ACTION_YOU = new RegExp(`\\b(?:you(?:'ll| will| need to| have to| should)|can you|could you)\\s+(?:also\\s+|please\\s+)?(${WORK_VERBS})\\b`, 'i');
const NOT_PEOPLE = new Set(['We', 'You', 'They', 'It', 'This', 'That', 'He', 'She', 'There', 'Someone', 'Everyone', 'Everybody', 'Somebody', 'So', 'And', 'But', 'Then', 'Okay', 'Ok', 'Right', 'Well', 'Yeah', 'I', 'Also', 'Who', 'What', 'Which', 'Team', 'The', 'Each', 'One', 'Nobody', 'Anyone', 'Anybody', 'Customer', 'Vendor']);

const DECISION_STRONG = /\b(?:we|the team|everyone|everybody|they|the group|all)\s+(?:have\s+|'ve\s+|has\s+|had\s+|all\s+)?(?:decided|agreed|settled|concluded|opted|chose|chosen)\b|\b(?:the\s+)?(?:decision|consensus|agreement)\s+(?:is|was)\b|\bit was (?:decided|agreed)\b/i;
const DECISION_LETS = /\blet's\s+(?:just\s+)?(?:go with|go for|use|stick with|keep|drop|skip|choose|pick|have(?! a (?:look|think|go|quick|chat|break))|include|make it|put)\b/i;
const DECISION_WILL = /\bwe(?:'ll| will| are going to|'re going to|'re gonna| are gonna| gonna)\s+(?:just\s+)?(?:have to\s+)?(?:go with|go for|use|have(?! to\b)|include|keep|drop|skip|stick with|choose|make it|put)\b/i;
const DECISION_NOT = /\bwe(?:'re not| are not| aren't| won't| will not)\s+(?:going to\s+|gonna\s+)?(?:go for|go with|have|use|include|do)\b|\bwe (?:don't|do not) need\b|\bno need for\b/i;
const NOT_DECIDED = /\b(?:haven't|have not|hasn't|didn't|did not|not yet|still to be|to be)\s+(?:\w+\s+)?(?:decided|agreed)|\bif we\b|\bwhether\b|\bshall we\b|\bdo we\b|\bshould we\b/i;

const RISK_WORDS =
  /\b(risks?|risky|concern(?:ed|s)?|worr(?:y|ied|ies|ying)|problems?|blockers?|blocked|delay(?:ed|s)?|slipp(?:ed|ing)|behind schedule|over budget|out of budget|too expensive|can't afford|cannot afford|budget (?:cut|freeze)|churn|cancel(?:l?ation|l?ing)?|escalat\w*|unhappy|frustrat\w*|complain\w*|outages?|competitors?|security review|legal review|at risk)\b/i;
const NOT_RISK = /\b(?:no|not a|not an|without)\s+(?:big\s+)?(?:problem|risk|concern|issue|worries)|\bdon't worry\b|\bno worries\b/i;
const HIGH_IMPACT = /\b(critical|serious|major|severe|blocker|blocked|churn|cancel\w*|escalat\w*|lose|losing|renewal|budget|cost|expensive|afford)\b/i;
const LOW_IMPACT = /\b(minor|small|slight|little)\b/i;
const HIGH_PROB = /\b(will|definitely|already|certainly|likely|is going to|bound to)\b/i;
const LOW_PROB = /\b(might|may|could|possibly|unlikely|maybe)\b/i;
const MITIGATION = /\b(?:mitigat\w*|to address (?:this|that|it)|to avoid|to prevent|the plan is to|workaround)\b/i;

const DONE = /\b(done|complete[d]?|finished|went live|is live|are live|gone live|launched|delivered|signed off|shipped|rolled out|wrapped up)\b/i;
const STARTED = /\b(started|underway|under way|in progress|kicked off|working on|began|begun)\b/i;
const BLOCKED = /\b(blocked|stuck|on hold|waiting (?:on|for)|can't proceed|cannot proceed)\b/i;
const MISSED = /\b(missed|slipped past|overdue)\b/i;

const LEFT = /\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:has\s+|have\s+)?(?:left(?! for)|is leaving|resigned|moved on|is no longer|was let go|stepped down|retired)\b/;
const JOINED = /\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:has\s+)?(?:joined|is joining|will join|is the new|was appointed|has been appointed|takes over as|took over as|replaces|replaced)\b(?:\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?([A-Z][\w&/ -]{1,40}?|[a-z][\w ]{1,30}?))?(?=[.,;]|$|\s+(?:and|from|on|at|in)\b)/;
const NEW_ROLE = /\bnew\s+(CTO|CIO|CEO|CFO|COO|CISO|VP[\w ]{0,30}?|champion|executive sponsor|sponsor|admin|administrator|head of [\w ]{1,30}?|director of [\w ]{1,30}?)\s+(?:is|:|,)\s*([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b/;
const ENGAGED_HIGH = /\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:was|is|seemed|seems|has been|looked)\s+(?:very\s+|really\s+|quite\s+)?(?:engaged|enthusiastic|supportive|positive|excited|keen)\b/;
const ENGAGED_LOW = /\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:was|is|seemed|seems|has been)\s+(?:very\s+|really\s+|quite\s+)?(?:disengaged|absent|unresponsive|quiet|negative|sceptical|skeptical|hard to reach)\b|\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:missed the meeting|didn't show|did not show|did not attend|didn't attend|skipped the meeting)\b/;

/** The heading kinds written notes use. */
function sectionKind(section: string | null): 'decision' | 'action' | 'risk' | null {
  if (!section) return null;
  if (/decision|agreed|agreement|outcome|resolution/.test(section)) return 'decision';
  if (/action|next step|to ?do|follow[- ]?up|tasks?|owners?/.test(section)) return 'action';
  if (/risk|concern|issue|blocker/.test(section)) return 'risk';
  return null;
}

const PREFIX = /^(decision|decided|agreed|action(?: item)?|todo|to do|next step|follow[- ]up|risk|concern|issue|blocker)\s*[:\-–]\s*/i;

/** Cleans a sentence for a title: no leading fillers, capitalised, at most 300 characters. */
function tidy(sentence: string): string {
  let s = sentence.replace(/^(?:(?:so|okay|ok|right|and|well|yeah|yes|alright|but|then|i mean|i think|i guess)\b[,.]?\s*)+/i, '').trim();
  s = s.replace(/\s*[,;:]$/, '');
  if (s.length > 300) s = s.slice(0, 297).replace(/\s+\S*$/, '') + '...';
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A name that names a person of the plan (full or first name), as the plan writes it. */
function knownPerson(name: string, ctx: NotesContext): string | undefined {
  const key = name.trim().toLowerCase();
  for (const p of ctx.people) {
    const full = p.name.toLowerCase();
    if (full === key || full.split(/\s+/)[0] === key) return p.name;
  }
  return undefined;
}

/** Extracts every finding from a transcript, in the order of the notes. */
export function extractFindings(transcript: Transcript, ctx: NotesContext): NotesFinding[] {
  const findings: NotesFinding[] = [];
  for (const turn of transcript.turns) {
    const section = sectionKind(turn.section);
    const sentences = sentencesOf(turn.text);
    sentences.forEach((raw, s) => {
      if (contentWords(raw).size === 0) return;
      const base = { turn: turn.index, speaker: turn.speaker, evidence: raw };
      const prefix = PREFIX.exec(raw);
      const explicit = prefix ? (/^(decision|decided|agreed)/i.test(prefix[1]) ? 'decision' : /^(risk|concern|issue|blocker)/i.test(prefix[1]) ? 'risk' : 'action') : section;
      const sentence = prefix ? raw.slice(prefix[0].length) : raw;
      if (!sentence.trim()) return;
      const next = sentences[s + 1];

      if (explicit === 'decision') {
        findings.push({ kind: 'decision', ...base, decision: tidy(sentence), ...(turn.speaker ? { decidedBy: turn.speaker } : {}), confidence: 0.9 });
        return;
      }
      if (explicit === 'action') {
        findings.push({ kind: 'action', ...base, ...actionParts(sentence, turn.speaker, ctx, true), confidence: 0.85 });
        return;
      }
      if (explicit === 'risk') {
        findings.push(riskFinding(sentence, next, base, 0.85));
        return;
      }
      // NOTE: a fragment ("We decided on") says too little to act on; spoken findings need 2 content words.
      if (contentWords(tidy(sentence)).size < 2) return;
      const question = /\?\s*$/.test(sentence);
      const action = !question ? spokenAction(sentence, turn.speaker, ctx) : null;
      const decision = !question && !NOT_DECIDED.test(sentence) ? spokenDecision(sentence) : null;
      if (action && (action.parts.who || action.parts.when || !decision)) findings.push({ kind: 'action', ...base, ...action.parts, confidence: action.confidence });
      else if (decision) findings.push({ kind: 'decision', ...base, decision: tidy(sentence), ...(turn.speaker ? { decidedBy: turn.speaker } : {}), confidence: decision });
      else if (RISK_WORDS.test(sentence) && !NOT_RISK.test(sentence) && !question) findings.push(riskFinding(sentence, next, base, 0.5));

      const milestone = milestoneChange(sentence, ctx);
      if (milestone) findings.push({ kind: 'milestone', ...base, ...milestone, confidence: 0.7 });
      findings.push(...stakeholderChanges(sentence, ctx).map((c) => ({ kind: 'stakeholder' as const, ...base, ...c, confidence: 0.6 })));
    });
  }
  return dedupe(findings);
}

function spokenDecision(sentence: string): number | null {
  if (DECISION_STRONG.test(sentence)) return 0.75;
  if (DECISION_LETS.test(sentence)) return 0.6;
  if (DECISION_WILL.test(sentence) || DECISION_NOT.test(sentence)) return 0.55;
  return null;
}

function spokenAction(sentence: string, speaker: string | null, ctx: NotesContext): { parts: Omit<ActionFinding, keyof FindingBase | 'kind'>; confidence: number } | null {
  const self = ACTION_SELF.exec(sentence);
  if (self) return { parts: { what: tidy(sentence.slice(self.index)), ...(speaker ? { who: knownPerson(speaker, ctx) ?? speaker } : {}), ...due(sentence, ctx) }, confidence: 0.7 };
  const named = ACTION_NAMED.exec(sentence);
  if (named && !NOT_PEOPLE.has(named[1].split(' ')[0])) {
    return { parts: { what: tidy(sentence), who: knownPerson(named[1], ctx) ?? named[1], ...due(sentence, ctx) }, confidence: knownPerson(named[1], ctx) ? 0.75 : 0.6 };
  }
  // NOTE: "we need to" / "you need to" is mostly discussion in speech; without a date it is an
  // action only when it is a request ("can you ...").
  const when = due(sentence, ctx);
  if ((ACTION_TEAM.test(sentence) || ACTION_YOU.test(sentence)) && (when.when || /\b(?:can|could) you\b/i.test(sentence))) {
    return { parts: { what: tidy(sentence), ...when }, confidence: when.when ? 0.55 : 0.45 };
  }
  return null;
}

/** what / who / when of a written action item ("Sarah to send the deck by Friday (@Sarah)"). */
function actionParts(sentence: string, speaker: string | null, ctx: NotesContext, written: boolean): Omit<ActionFinding, keyof FindingBase | 'kind'> {
  const at = /@([A-Z][\w-]*(?:\s[A-Z][\w-]*)?)/.exec(sentence) ?? /\((?:owner:\s*)?([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:,[^)]*)?\)/.exec(sentence) ?? /[—–-]\s*([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*$/.exec(sentence);
  const lead = /^([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:to|will|'ll|is going to)\s+/.exec(sentence);
  const owner = at?.[1] ?? (lead && !NOT_PEOPLE.has(lead[1].split(' ')[0]) ? lead[1] : undefined) ?? (written && speaker ? speaker : undefined);
  const what = tidy(sentence.replace(/\s*\((?:@|owner:)[^)]*\)|\s+@[A-Z][\w-]*(?:\s[A-Z][\w-]*)?/g, ''));
  return { what, ...(owner ? { who: knownPerson(owner, ctx) ?? owner } : {}), ...due(sentence, ctx) };
}

function due(sentence: string, ctx: NotesContext): { when?: IsoDate } {
  const when = parseDueDate(sentence, ctx.meetingDate);
  return when ? { when } : {};
}

function riskFinding(sentence: string, next: string | undefined, base: Omit<FindingBase, 'confidence'>, confidence: number): RiskFinding {
  const probability = HIGH_PROB.test(sentence) && !LOW_PROB.test(sentence) ? 'high' : LOW_PROB.test(sentence) ? 'low' : 'medium';
  const impact = LOW_IMPACT.test(sentence) && !HIGH_IMPACT.test(sentence) ? 'low' : HIGH_IMPACT.test(sentence) ? 'high' : 'medium';
  const mitigation = MITIGATION.test(sentence) ? sentence : next && MITIGATION.test(next) ? next : undefined;
  return { kind: 'risk', ...base, title: tidy(sentence), probability, impact, ...(mitigation ? { mitigation: tidy(mitigation) } : {}), confidence };
}

function milestoneChange(sentence: string, ctx: NotesContext): Pick<MilestoneFinding, 'milestone' | 'status'> | null {
  const status = DONE.test(sentence) ? 'done' : BLOCKED.test(sentence) ? 'blocked' : MISSED.test(sentence) ? 'missed' : STARTED.test(sentence) ? 'in_progress' : null;
  if (!status) return null;
  let best: { id: string; score: number; status?: string } | null = null;
  for (const m of ctx.milestones) {
    const words = contentWords(m.title).size;
    const score = coverage(m.title, sentence);
    if (words >= 1 && score >= (words === 1 ? 1 : 0.5) && (!best || score > best.score)) best = { id: m.id, score, status: m.status };
  }
  if (!best || best.status === status) return null;
  return { milestone: best.id, status };
}

function stakeholderChanges(sentence: string, ctx: NotesContext): Array<Pick<StakeholderFinding, 'name' | 'change' | 'title' | 'role' | 'engagement'>> {
  const out: Array<Pick<StakeholderFinding, 'name' | 'change' | 'title' | 'role' | 'engagement'>> = [];
  const left = LEFT.exec(sentence);
  if (left && !NOT_PEOPLE.has(left[1].split(' ')[0])) out.push({ name: knownPerson(left[1], ctx) ?? left[1], change: 'left' });
  const role = NEW_ROLE.exec(sentence);
  const joined = JOINED.exec(sentence);
  if (role) out.push({ name: role[2], change: 'added', title: role[1].trim(), role: roleOf(role[1]) });
  else if (joined && !NOT_PEOPLE.has(joined[1].split(' ')[0]) && !knownPerson(joined[1], ctx)) out.push({ name: joined[1], change: 'added', ...(joined[2] ? { title: joined[2].trim(), role: roleOf(joined[2]) } : {}) });
  const high = ENGAGED_HIGH.exec(sentence);
  const low = ENGAGED_LOW.exec(sentence);
  const engaged = high ? { name: high[1], level: 'high' as const } : low ? { name: low[1] ?? low[2], level: 'low' as const } : null;
  if (engaged && knownPerson(engaged.name, ctx)) out.push({ name: knownPerson(engaged.name, ctx)!, change: 'engagement', engagement: engaged.level });
  return out;
}

/** The stakeholder role a title suggests (schema enum), or undefined. */
export function roleOf(title: string): string | undefined {
  const t = title.toLowerCase();
  if (/champion/.test(t)) return 'champion';
  if (/\b(cto|cio|ciso)\b/.test(t)) return 'technical_buyer';
  if (/sponsor|\bceo\b|\bcoo\b|chief|^vp|vice president|head of|director/.test(t)) return 'executive_sponsor';
  if (/cfo|finance|procurement|purchasing/.test(t)) return 'economic_buyer';
  if (/architect|engineer|it |security|technical/.test(t)) return 'technical_buyer';
  if (/admin/.test(t)) return 'admin';
  return undefined;
}

/** Drops a finding that repeats an earlier one of the same kind (same milestone, same person, or the same words). */
function dedupe(findings: NotesFinding[]): NotesFinding[] {
  const out: NotesFinding[] = [];
  const keys = new Set<string>();
  // NOTE: texts that share no content word cannot be alike, so each finding is compared only with
  // the earlier ones of its kind that share a word (an index by word): near-linear, where comparing
  // every pair made 1,000 findings cost half a million comparisons (issue 19).
  const byWord = new Map<string, Array<{ words: Set<string> }>>();
  for (const f of findings) {
    if (f.kind === 'milestone' || f.kind === 'stakeholder') {
      const key = f.kind === 'milestone' ? `m\0${f.milestone}` : `s\0${f.name}\0${f.change}`;
      if (keys.has(key)) continue;
      keys.add(key);
      out.push(f);
      continue;
    }
    const words = contentWords(textOf(f));
    const seen = new Set<{ words: Set<string> }>();
    let same = false;
    for (const w of words) {
      for (const o of byWord.get(`${f.kind}\0${w}`) ?? []) {
        if (seen.has(o)) continue;
        seen.add(o);
        if (wordSimilarity(o.words, words) >= 0.7) same = true;
      }
      if (same) break;
    }
    if (same) continue;
    const entry = { words };
    for (const w of words) {
      const key = `${f.kind}\0${w}`;
      const list = byWord.get(key);
      if (list) list.push(entry);
      else byWord.set(key, [entry]);
    }
    out.push(f);
  }
  return out;
}

/** The main text of a finding (for display and de-duplication). */
export function textOf(f: NotesFinding): string {
  switch (f.kind) {
    case 'decision':
      return f.decision;
    case 'action':
      return f.what;
    case 'risk':
      return f.title;
    case 'milestone':
      return `${f.milestone} ${f.status}`;
    case 'stakeholder':
      return `${f.name} ${f.change}`;
  }
}
