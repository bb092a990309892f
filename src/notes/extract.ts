/**
 * The rule-based notes extractor (issues 5 and 17): finds decisions, action items with owners and
 * due dates, risks, milestone status changes and stakeholder changes in a transcript. Written notes
 * are trusted most: a bullet under a "Decisions", "Action items" or "Risks" heading, or a
 * "Decision:" / "Action:" prefix, is taken as such (confidence 0.85-0.9). In speech it proposes
 * what a person reading the meeting would log, and little else (docs/notes-extraction.md):
 * - a decision is a commitment the group made: "we decided", "let's go with", "we're gonna have to
 *   skip X", or a proposal another participant accepts ("that would be a good idea"); never an
 *   agenda line ("we'll have to decide on ..."), a question, a hedge or a condition;
 * - an action has an owner who is in the meeting (a speaker) or the plan, a verb of work, and the
 *   date where one is said; work done inside the meeting ("I'll go first") is not one;
 * - a risk is not negated ("I don't think it's such a problem" is none);
 * - a milestone is named by its title's meaning (its distinctive words or their acronym), not a
 *   shared word.
 * Sentence boundaries, negation scope, questions and dates come from an NLP library (language.ts),
 * loaded lazily. Each finding carries the turns it rests on (the proposal and its acceptance).
 * The text is only matched against these patterns: nothing in it can make the extractor propose
 * anything other than these five kinds of finding. `extractWith` is pure.
 */
import type { IsoDate } from '../domain/dates.js';
import { contentWords, stem, wordSimilarity } from '../similarity/text-match.js';
import { parseDueDate } from './due-date.js';
import { loadLanguage, type Language, type Sentence } from './language.js';
import type { Transcript, Turn } from './parse.js';

/** What every finding carries: where it was said and how sure the extractor is. */
interface FindingBase {
  /** The turn (QMSum index, or line of written notes) the finding comes from; null when the model gave no position. */
  turn: number | null;
  /** Every turn the finding rests on (a proposal and its acceptance, a decision restated), in order; the first is `turn`. */
  turns?: number[];
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
  'send|share|prepare|draft|write|schedule|book|set up|follow up|update|review|check|confirm|provide|deliver|finish|complete|finali[sz]e|circulate|organi[sz]e|arrange|create|build|test|fix|deploy|install|configure|migrate|call|email|e-mail|contact|reach out|introduce|present|research|investigate|look into|find out|gather|collect|document|report|train|run|analy[sz]e|evaluate|estimate|price|sign|submit|approve|demo|map|clean up|invite|plan|work on|get back|put together|come up with|bring|send out|draw up|figure out|sort out|add|remove|escalate|negotiate|renew|onboard|enable|kick off|put|get|specify|design|ask|chase|sync|upload|post|file|record|book|type up|write up|look at|think about|work with';
/** A verb of work in its base or -ing form ("send", "sending", "putting"). */
const WORK_VERB = new RegExp(
  `^(?:${WORK_VERBS.split('|')
    .map((v) =>
      v.replace(
        /^(\w+?)(e?)(\b.*)$/,
        (_m, a: string, e: string, rest: string) => `${a}${e}(?:${e ? '' : '(?:\\w)?'}ing)?${rest}`,
      ),
    )
    .join('|')})\\b`,
  'i',
);
const NOT_PEOPLE = new Set([
  'We',
  'You',
  'They',
  'It',
  'This',
  'That',
  'He',
  'She',
  'There',
  'Someone',
  'Everyone',
  'Everybody',
  'Somebody',
  'So',
  'And',
  'But',
  'Then',
  'Okay',
  'Ok',
  'Right',
  'Well',
  'Yeah',
  'I',
  'Also',
  'Who',
  'What',
  'Which',
  'Team',
  'The',
  'Each',
  'One',
  'Nobody',
  'Anyone',
  'Anybody',
  'Customer',
  'Vendor',
]);

const DECISION_STRONG =
  /\bwe (?:\w+ )?said we(?:'d| would| were gonna| were going to| was gonna)\b(?!.*\bhadn't\b)|\b(?:we|the team|everyone|everybody|they|the group|all)\s+(?:have\s+|'ve\s+|has\s+|had\s+|all\s+)?(?:decided|agreed|settled|concluded|opted|chose|chosen)\b|\b(?:the\s+)?(?:decision|consensus|agreement)\s+(?:is|was)\b|\bit was (?:decided|agreed)\b/i;
/** A commitment said in so many words: "let's go with", "we'll say", "we're gonna have to skip", "we're not gonna have", "just stick to". */
const DECISION_COMMIT = [
  /(?<!\b(?:say|saying|said|like|to say),?\s)\blet's\s+(?:just\s+)?(?:go with|go for|use|stick with|stick to|keep|drop|skip|choose|pick|include|make it|put|say|take out|get rid of|try and get|try to get|remove|cut|have(?! a (?:look|think|go|quick|chat|break|wee))|target)\b/i,
  /\bwe(?:'ll| will|'re going to|'re gonna| are going to| are gonna)\s+(?:just\s+)?(?:go with|go for|stick with|stick to|drop|skip|target)\b/i,
  /^(?:\W*(?:so|okay|ok|right|alright|well|yeah|then)\b\W*)*(?:we(?:'ll| will) \w{1,2} )?we(?:'ll| will) (?:just )?(?:say|go)\b/i,
  /\bwe(?:'re| are|'ll| will)?\s+(?:gonna|going to|have to|need to|'ve got to)\s+(?:have to\s+)?(?:skip|drop|cut|remove|lose|get rid of|take out|scrap|abandon)\b/i,
  /\bwe(?:'re| are)\s+not\s+(?:gonna|going to)\s+(?:have|use|include|do|go with|go for|need)\b|\bwe (?:won't|will not)\s+(?:have|use|include|need|go with|go for)\b|\bwe (?:don't|do not) need\b(?! to (?:worry|bother|think|panic|care))/i,
  /^(?:\W*(?:so|okay|ok|right|alright|well|yeah|then)\b\W*)*(?:just\s+)?stick (?:to|with)\b/i,
  /\b(?:i would say|i'd say|so)\s+no need for\b/i,
];
const DECISION_WILL =
  /\bwe(?:'ll| will| are going to|'re going to|'re gonna| are gonna| gonna)\s+(?:just\s+)?(?:have to\s+)?(?:go with|go for|use|have(?! to\b)|include|keep|drop|skip|stick with|choose|make it|put)\b/i;
const NOT_DECIDED =
  /\b(?:haven't|have not|hasn't|didn't|did not|not yet|still to be|to be)\s+(?:\w+\s+)?(?:decided|agreed)|\bwhether\b|\bshall we\b|\bdo we\b|\bshould we\b/i;
/** An agenda line: what the meeting is to decide or discuss, not a decision. */
const AGENDA =
  /\b(?:have to|need to|got to|gotta|going to|gonna|will|'ll|should|must|want to|wanna|to|can)\s+(?:\w+\s+){0,2}(?:make|reach|take|come to|come up with)\s+(?:a |an |some |the |any |our )?(?:\w+\s+)?(?:decisions?|agreement)\b|\b(?:have to|need to|got to|gotta|going to|gonna|will|'ll|should|must|want to|wanna|to)\s+(?:\w+\s+)?decide\b|\b(?:aim|goal|objective|point|purpose|end result|result)\s+of\s+(?:this|the|today's)\s+meeting\b|\bon the agenda\b|\btime for\b|\b(?:discussion|discuss|talk about)\b.*\b(?:later|after|at the end|afterwards|next time)\b|\bbig discussion\b|\b(?:first|next)(?: thing)? we(?:'ll| will|'re gonna| are going to) (?:discuss|talk|look|go through|cover)\b/i;
/** A hedge: said without commitment. */
const HEDGE =
  /\b(?:i suppose|i guess|i dunno|i don't know|not sure|maybe|perhaps|might|possibly|probably|could|i wonder|would be nice|if (?:it's|they're|that's|it is) possible|rather than|instead of)\b/i;
const CONDITIONAL = /^(?:\W*(?:so|and|but|okay|well|i mean)\b\W*)*(?:if|whether|unless)\b|\bif we\b|\bif you\b/i;
/** A proposal that needs someone's yes to become a decision. */
/** A proposal in the form people use to put one forward, which a plain "yeah" from another participant takes. */
const PROPOSAL_FIRM =
  /\b(?:i'd suggest|i would suggest|i suggest|i propose|why don't we|i'd go with|i would go with|should we go with|shall we go with)\b/i;
/** Talking about how to talk: "let's go back to", "I suggest we think about", "let's take each point". */
const DELIBERATE =
  /\b(?:think about|thinking about|discuss|talk about|consider|look at|have a look|look into|go back|go through|go over|move on|narrow it down|take each|start with|get started|wrap up|recap)\b/i;
const PROPOSAL =
  /\b(?:we could|we should|we can|i'd suggest|i would suggest|i suggest|how about|what about|why don't we|i reckon|should we|shall we|let's|maybe we|we might|i think we|we'd|it'd be|it would be|what if)\b/i;
/** Another participant's yes. */
const ACCEPT_STRONG =
  /\b(?:good idea|great idea|nice idea|that(?:'s| is| would be|'d be| sounds)\s+(?:\w+\s+)?(?:good|great|fine|cool|perfect|nice|brilliant)|i agree|agreed|sounds good|fine with (?:that|it|me)|let's do (?:that|it)|works for me|(?:yes|yeah),? (?:let's|definitely|absolutely)|fair enough)\b|^(?:\W*(?:oh|okay|ok|yeah|yes)\b\W*)*(?:definitely|absolutely|cool|great|perfect|excellent|brilliant|lovely)\b/i;
const ACCEPT_START =
  /^(?:\W*(?:oh|well|so|and)\b\W*)*(?:yeah|yes|yep|sure|okay|ok|agreed|definitely|absolutely|exactly|fine|great|good|cool|right)\b/i;
const DISSENT = /\b(?:but|no|not sure|i don't think|disagree|however|don't know about|i'm not)\b/i;
const ASK_OBJECTION =
  /\b(?:does|do|would|will)\s+(?:any(?:body|one)|everybody|everyone|you)\s+(?:\w+\s+)?(?:disagree|oppose|object|mind|have a problem)\b|\bany objections?\b|\bare we all (?:happy|agreed|okay)\b/i;

/** A chair's restatement of what was just agreed: "Okay, so fifteen to thirty five", "so just stick to regular" (no subject, no question). */
const RESTATE =
  /^(?:\W*(?:okay|ok|right|alright|yeah|yes|no|good|great|cool)\b\W*)+(?:so\s+)(?!(?:we|i|you|it|that|this|they|there|what|how|why|is|are|do|does|if|basically|um|uh|anyway|anything|any|then|now|let|can|could|would|should|shall|where|when|who|maybe|well|yeah|okay|right|wait|sorry|hang|hold|thanks|thank)\b)[a-z]/i;
/** A meeting-internal "I'll": work done inside the meeting, not an action item. */
const IN_MEETING =
  /\b(?:right now|now|first|on the board|over here|in here|in a second|in a minute|quick(?:ly)?|as quick as possible|over your head|go through|at the end|this slide|the next slide|draw|redraw|show you|for you|to you|start|go over|go ahead)\b/i;
const SELF_WILL =
  /^(?:(?:so|okay|ok|right|and|well|yeah|then|alright|but|actually|also)\W*\s+)*(?:i(?:'ll| will|'m going to|'m gonna| am going to| am gonna| shall)|let me)\s+(?:have to\s+|need to\s+|got to\s+)?(?:be\s+)?(?:just\s+|also\s+|then\s+|quickly\s+|go and\s+|try and\s+|try to\s+|definitely\s+)*(.+)$/i;
const YOU_WILL =
  /\byou(?:'re| are)?\s*(?:all\s+)?(?:gonna|going to|will|'ll|need to|have to|should|to)\s+(?:have to\s+)?(?:be\s+)?(?:just\s+|also\s+)?(\w+)/i;
const GROUP = /\byou(?:'re| are)?\s+all\b|\b(?:you|we) (?:all|both)\b|\beverybody\b|\beveryone\b/i;
const NOT_WORK =
  /^(?:know|see|like|want|feel|have|be|say|need|go|come|look|love|mean|find|get|think|hear|wait|sit|stand|enjoy|remember|notice)$/i;
const PRONOUN_OBJECT =
  /^\s*(?:it|that|this|them|those|these|you|one|some|something|first|back|over|ahead|through|we|we've|i|he|she|they|if|whether|what|how)\b/i;

const RISK_WORDS =
  /\b(risks?|risky|concern(?:ed|s)?|worr(?:y|ied|ies|ying)|problems?|blockers?|blocked|delay(?:ed|s)?|slipp(?:ed|ing)|behind schedule|over budget|out of budget|too expensive|can't afford|cannot afford|budget (?:cut|freeze)|churn|cancel(?:l?ation|l?ing)?|escalat\w*|unhappy|frustrat\w*|complain\w*|outages?|competitors?|security review|legal review|at risk)\b/i;
const NOT_RISK =
  /\b(?:no|not a|not an|without|not such a|not much of a)\s+(?:big\s+|real\s+|such\s+a\s+)?(?:problem|risk|concern|issue|worries)|\bdon't worry\b|\bno worries\b|\b(?:don't|do not|won't|needn't|not)\s+(?:need to |have to )?worry\b/i;
const HIGH_IMPACT =
  /\b(critical|serious|major|severe|blocker|blocked|churn|cancel\w*|escalat\w*|lose|losing|renewal|budget|cost|expensive|afford)\b/i;
const LOW_IMPACT = /\b(minor|small|slight|little)\b/i;
const HIGH_PROB = /\b(will|definitely|already|certainly|likely|is going to|bound to)\b/i;
const LOW_PROB = /\b(might|may|could|possibly|unlikely|maybe)\b/i;
const MITIGATION = /\b(?:mitigat\w*|to address (?:this|that|it)|to avoid|to prevent|the plan is to|workaround)\b/i;

const DONE =
  /\b(done|complete[d]?|finished|went live|is live|are live|gone live|launched|delivered|signed off|shipped|rolled out|wrapped up)\b/i;
const STARTED = /\b(started|underway|under way|in progress|kicked off|working on|began|begun)\b/i;
const BLOCKED = /\b(blocked|stuck|on hold|waiting (?:on|for)|can't proceed|cannot proceed)\b/i;
const MISSED = /\b(missed|slipped past|overdue)\b/i;
/** Words of a milestone title that say its state or quantity, not what it is about ("All users trained"). */
const TITLE_STATUS = new Set([
  'done',
  'complet',
  'complete',
  'finish',
  'finished',
  'live',
  'launch',
  'launched',
  'deliver',
  'delivered',
  'held',
  'configur',
  'configured',
  'enabl',
  'enabled',
  'start',
  'started',
  'set',
  'setup',
  'rolled',
  'roll',
  'ready',
  'approv',
  'approved',
  'every',
  'first',
  'new',
  'full',
  'fully',
  'initial',
  'final',
  'all',
]);

const LEFT =
  /\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:has\s+|have\s+)?(?:left(?! for)|is leaving|resigned|moved on|is no longer|was let go|stepped down|retired)\b/;
const JOINED =
  /\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:has\s+)?(?:joined|is joining|will join|is the new|was appointed|has been appointed|takes over as|took over as|replaces|replaced)\b(?:\s+(?:as\s+)?(?:the\s+)?(?:new\s+)?([A-Z][\w&/ -]{1,40}?|[a-z][\w ]{1,30}?))?(?=[.,;]|$|\s+(?:and|from|on|at|in)\b)/;
const NEW_ROLE =
  /\bnew\s+(CTO|CIO|CEO|CFO|COO|CISO|VP[\w ]{0,30}?|champion|executive sponsor|sponsor|admin|administrator|head of [\w ]{1,30}?|director of [\w ]{1,30}?)\s+(?:is|:|,)\s*([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\b/;
const ENGAGED_HIGH =
  /\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:was|is|seemed|seems|has been|looked)\s+(?:very\s+|really\s+|quite\s+)?(?:engaged|enthusiastic|supportive|positive|excited|keen)\b/;
const ENGAGED_LOW =
  /\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:was|is|seemed|seems|has been)\s+(?:very\s+|really\s+|quite\s+)?(?:disengaged|absent|unresponsive|quiet|negative|sceptical|skeptical|hard to reach)\b|\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:missed the meeting|didn't show|did not show|did not attend|didn't attend|skipped the meeting)\b/;

/** Spoken findings below this confidence are not proposed: a reviewer's time is worth more than a guess. */
const MIN_SPOKEN = 0.6;
/** Turns apart within which two mentions of one decision (a proposal restated, an agreement) are one finding. */
const SAME_DISCUSSION = 8;

/** The heading kinds written notes use. */
function sectionKind(section: string | null): 'decision' | 'action' | 'risk' | null {
  if (!section) return null;
  if (/decision|agreed|agreement|outcome|resolution/.test(section)) return 'decision';
  if (/action|next step|to ?do|follow[- ]?up|tasks?|owners?/.test(section)) return 'action';
  if (/risk|concern|issue|blocker/.test(section)) return 'risk';
  return null;
}

const PREFIX =
  /^(decision|decided|agreed|action(?: item)?|todo|to do|next step|follow[- ]up|risk|concern|issue|blocker)\s*[:\-–]\s*/i;

/** Cleans a sentence for a title: no leading fillers, capitalised, at most 300 characters. */
function tidy(sentence: string): string {
  let s = sentence
    .replace(
      /^(?:(?:so|okay|ok|right|and|well|yeah|yes|alright|but|then|i mean|i think|i guess|oh|now)\b[,.]?\s*)+/i,
      '',
    )
    .trim();
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

/** Who can own an action: the meeting's speakers and the plan's people, and how each is mentioned. */
interface Participant {
  name: string;
  mention: RegExp;
}

function participantsOf(transcript: Transcript, ctx: NotesContext): Participant[] {
  const names = new Map<string, string>();
  for (const t of transcript.turns) if (t.speaker) names.set(t.speaker.toLowerCase(), t.speaker);
  for (const p of ctx.people) names.set(p.name.toLowerCase(), p.name);
  const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const out: Participant[] = [];
  for (const name of names.values()) {
    const forms = [escapeRe(name)];
    const first = name.split(/\s+/)[0];
    if (first.length >= 3 && knownPerson(first, ctx) === name) forms.push(escapeRe(first));
    out.push({ name, mention: new RegExp(`\\b(?:${forms.join('|')})\\b`, 'i') });
  }
  // NOTE: a group named by the plural of a word in participants' titles ("the designers" when
  // "Industrial Designer" speaks) owns work too.
  const titleWords = new Set(
    [...names.values()]
      .flatMap((n) => n.split(/\s+/))
      .filter((w) => w.length >= 5 && /^[A-Z][a-z]+$/.test(w) && !knownPerson(w, ctx)),
  );
  for (const w of titleWords) {
    if ([...names.values()].filter((n) => n.split(/\s+/).includes(w)).length >= 1 && /(?:er|or|ist|ant)$/.test(w))
      out.push({ name: `${w}s`, mention: new RegExp(`\\b${escapeRe(w)}s\\b`, 'i') });
  }
  return out;
}

/** The participant a clause names, the longest mention first ("User Interface Designer" before "Designer"). */
function mentioned(clause: string, people: readonly Participant[]): Participant | undefined {
  let best: { p: Participant; length: number } | undefined;
  for (const p of people) {
    const m = p.mention.exec(clause);
    if (m && (!best || m[0].length > best.length)) best = { p, length: m[0].length };
  }
  return best?.p;
}

/** One sentence of one turn, with its place. */
interface Unit {
  /** Position of the turn in transcript.turns. */
  at: number;
  turn: Turn;
  sentence: Sentence;
  /** Position of the sentence in its turn. */
  nth: number;
}

type Candidate = NotesFinding & { at: number; turns: number[] };

/** Extracts every finding from a transcript, in the order of the notes (loads the NLP library once). */
export async function extractFindings(transcript: Transcript, ctx: NotesContext): Promise<NotesFinding[]> {
  return extractWith(await loadLanguage(), transcript, ctx);
}

/** extractFindings with the language given (pure). */
export function extractWith(language: Language, transcript: Transcript, ctx: NotesContext): NotesFinding[] {
  const units: Unit[][] = transcript.turns.map((turn, at) =>
    language.sentences(turn.text).map((sentence, nth) => ({ at, turn, sentence, nth })),
  );
  const people = participantsOf(transcript, ctx);
  const found: Candidate[] = [];
  for (const unitsOfTurn of units) {
    for (const unit of unitsOfTurn) {
      const { turn, sentence: s } = unit;
      const raw = s.text;
      if (contentWords(raw).size === 0) continue;
      const base = { turn: turn.index, turns: [turn.index], at: unit.at, speaker: turn.speaker, evidence: raw };
      const prefix = PREFIX.exec(raw);
      const explicit = prefix
        ? /^(decision|decided|agreed)/i.test(prefix[1])
          ? 'decision'
          : /^(risk|concern|issue|blocker)/i.test(prefix[1])
            ? 'risk'
            : 'action'
        : sectionKind(turn.section);
      const text = prefix ? raw.slice(prefix[0].length) : raw;
      if (!text.trim()) continue;
      const next = unitsOfTurn[unit.nth + 1]?.sentence.text;

      if (explicit === 'decision') {
        found.push({
          kind: 'decision',
          ...base,
          decision: tidy(text),
          ...(turn.speaker ? { decidedBy: turn.speaker } : {}),
          confidence: 0.9,
        });
        continue;
      }
      if (explicit === 'action') {
        found.push({ kind: 'action', ...base, ...writtenAction(text, turn.speaker, ctx), confidence: 0.85 });
        continue;
      }
      if (explicit === 'risk') {
        found.push(riskFinding(text, next, base, 0.85));
        continue;
      }
      // NOTE: a fragment ("We decided on") says too little to act on; spoken findings need 2 content
      // words, a commitment one ("let's go with five").
      const size = contentWords(tidy(text)).size;
      const numbers = (text.match(/\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)\b/gi) ?? [])
        .length;
      if (size < 2 && !(size + numbers >= 1 && DECISION_COMMIT.some((re) => re.test(text)))) continue;
      const actions = s.question || CONDITIONAL.test(text) ? [] : spokenActions(s, text, turn.speaker, people, ctx);
      for (const a of actions) found.push({ kind: 'action', ...base, ...a.parts, confidence: a.confidence });
      const decision = actions.length ? null : spokenDecision(units, unit, text);
      if (decision)
        found.push({
          kind: 'decision',
          ...base,
          turns: decision.turns,
          decision: tidy(text),
          ...(turn.speaker ? { decidedBy: turn.speaker } : {}),
          confidence: decision.confidence,
        });
      else if (!actions.length && isRisk(s, text)) found.push(riskFinding(text, next, base, 0.5));

      const milestone = milestoneChange(text, ctx);
      if (milestone) found.push({ kind: 'milestone', ...base, ...milestone, confidence: 0.7 });
      found.push(
        ...stakeholderChanges(text, ctx).map((c) => ({ kind: 'stakeholder' as const, ...base, ...c, confidence: 0.6 })),
      );
    }
  }
  const kept = mergeDiscussions(found).filter(
    (f) => f.confidence >= MIN_SPOKEN || f.kind === 'risk' || f.kind === 'milestone' || f.kind === 'stakeholder',
  );
  return dedupe(
    kept.map(
      ({ at: _at, ...f }) =>
        ({ ...f, turn: f.turns[0] ?? f.turn, confidence: Math.round(f.confidence * 100) / 100 }) as NotesFinding,
    ),
  );
}

/** A risk worth proposing: a risk word that no negation governs, in a statement, not a condition or a shrug. */
function isRisk(s: Sentence, text: string): boolean {
  if (s.question || NOT_RISK.test(text)) return false;
  const word = RISK_WORDS.exec(text);
  if (!word) return false;
  if (s.negated.has(word[1].toLowerCase()) || [...s.negated].some((w) => RISK_WORDS.test(w))) return false;
  // NOTE: a general remark ("when you're frustrated you can throw it") or a past experience ("problems I've had with it") is no risk to this plan.
  if (/\b(?:if|when) you(?:'re| are| get)\b/i.test(text) || /\bi've (?:had|seen)\b/i.test(text)) return false;
  if (
    /\b(?:i dunno|i don't know|not sure)\s+if\b/i.test(text) ||
    /^(?:\W*(?:so|and|but|okay|well)\b\W*)*if\b/i.test(text)
  )
    return false;
  return true;
}

/**
 * Whether a spoken sentence is a decision, how sure, and the turns it rests on: a commitment in so
 * many words (stronger when nobody objects and someone agrees), or a proposal that another
 * participant accepts within the next few turns.
 */
function spokenDecision(
  units: readonly Unit[][],
  unit: Unit,
  text: string,
): { confidence: number; turns: number[] } | null {
  const s = unit.sentence;
  if (AGENDA.test(text)) return null;
  const strong = !s.question && !NOT_DECIDED.test(text) && DECISION_STRONG.test(text);
  const commit = !s.question && DECISION_COMMIT.some((re) => re.test(text));
  const will = !s.question && DECISION_WILL.test(text);
  const asks = s.question && /^(?:\W*(?:so|okay|yeah|and|right)\b\W*)*(?:should|shall|can) we\b/i.test(text);
  const proposal = (PROPOSAL.test(text) && !s.question) || will || commit || asks;
  const restated = !s.question && previousSpeaker(units, unit) !== null ? restatement(units, unit, text) : null;
  if (!strong && !proposal && restated === null) return null;
  if (!strong && DELIBERATE.test(text)) return null;
  if (CONDITIONAL.test(text) && !strong) return null;
  // NOTE: the next speaker answers what a turn ends with, not a proposal made halfway through it.
  const closing = unit.nth >= units[unit.at].length - 2;
  const reply = closing ? acceptance(units, unit) : { turn: null, strong: false, dissent: false };
  const turns = [unit.turn.index, ...(reply.turn !== null ? [reply.turn] : [])];
  if (strong) return { confidence: 0.8, turns };
  const hedged = HEDGE.test(text);
  if (commit) {
    if (reply.dissent) return hedged ? null : { confidence: 0.6, turns };
    return { confidence: Math.min(0.85, (hedged ? 0.55 : 0.7) + (reply.turn !== null ? 0.1 : 0)), turns };
  }
  if (reply.dissent) return null;
  if (restated !== null && !hedged) return { confidence: 0.6, turns: [restated, ...turns] };
  // A proposal (or a plain "we'll have ...") is a decision only once someone else says yes.
  if (proposal && reply.strong) return hedged ? null : { confidence: 0.65, turns };
  if (PROPOSAL_FIRM.test(text) && !hedged && reply.turn !== null) return { confidence: 0.6, turns };
  return null;
}

/** The turn index of the turn before this one when another participant said it (the proposal a restatement answers). */
function previousSpeaker(units: readonly Unit[][], unit: Unit): number | null {
  for (let at = unit.at - 1; at >= 0 && at >= unit.at - 3; at--) {
    const before = units[at];
    if (before.length === 0) continue;
    const speaker = before[0].turn.speaker;
    return speaker !== null && unit.turn.speaker !== null && speaker !== unit.turn.speaker
      ? before[0].turn.index
      : null;
  }
  return null;
}

/**
 * A chair's restatement of what was just proposed: an acknowledgement, then the thing itself with
 * no subject and no verb of its own ("Okay, so fifteen to thirty five", "That would be good. So ten
 * centimetres in height", "Okay, so just stick to regular").
 */
function restatement(units: readonly Unit[][], unit: Unit, text: string): number | null {
  const before = units[unit.at].slice(0, unit.nth);
  const acknowledged =
    before.length > 0 && before.every((u) => ACCEPT_START.test(u.sentence.text) || ACCEPT_STRONG.test(u.sentence.text));
  const body = acknowledged && /^\W*so\b/i.test(text) ? `okay ${text}` : text;
  if (!RESTATE.test(body) || !/^(?:\W*(?:okay|ok|right|alright|yeah|yes|no|good|great|cool)\b\W*)+so\s/i.test(body))
    return null;
  const rest = body.replace(/^(?:\W*(?:okay|ok|right|alright|yeah|yes|no|good|great|cool)\b\W*)+(?:so\s+)?/i, '');
  if (
    /\b(?:is|are|was|were|'s|'re|have|has|had|do|does|did|will|'ll|would|can|could|should|might|think|know|mean|guess)\b/i.test(
      rest,
    ) ||
    /\?/.test(rest)
  )
    return null;
  // NOTE: a restatement restates: it rests on the latest of the last 4 turns it shares a content word with.
  const words = contentWords(text);
  for (let at = unit.at - 1; at >= 0 && at >= unit.at - 4; at--) {
    if (units[at].some((u) => [...contentWords(u.sentence.text)].some((w) => words.has(w))))
      return units[at][0].turn.index;
  }
  return null;
}

/** How the next turns (up to 3, by other speakers) answer a sentence: a yes, a strong yes, an objection. */
function acceptance(units: readonly Unit[][], unit: Unit): { turn: number | null; strong: boolean; dissent: boolean } {
  const asked = ASK_OBJECTION.test(
    units[unit.at]
      .map((u) => u.sentence.text)
      .slice(unit.nth)
      .join(' '),
  );
  let seen = 0;
  for (let at = unit.at + 1; at < units.length && seen < 3; at++) {
    const reply = units[at];
    if (reply.length === 0) continue;
    const speaker = reply[0].turn.speaker;
    if (speaker !== null && speaker === unit.turn.speaker) {
      // NOTE: the proposer answering "no" to "does anybody disagree?" confirms it.
      if (asked && /^\W*no\b/i.test(reply[0].sentence.text))
        return { turn: reply[0].turn.index, strong: true, dissent: false };
      continue;
    }
    seen++;
    const first = reply[0].sentence.text;
    const all = reply.map((u) => u.sentence.text).join(' ');
    if (ACCEPT_STRONG.test(all) && !/^\W*(?:no|but)\b/i.test(first))
      return { turn: reply[0].turn.index, strong: true, dissent: false };
    if (ACCEPT_START.test(first) && !DISSENT.test(first))
      return { turn: reply[0].turn.index, strong: asked, dissent: false };
    if (/^\W*(?:no|but|well no|i don't think|not sure|i'm not sure)\b/i.test(first))
      return { turn: null, strong: false, dissent: !asked };
  }
  return { turn: null, strong: false, dissent: false };
}

/** Action items of a spoken sentence: "I'll <work> <something>", "<participant>, you're gonna <verb>", "<participant> will <verb>". */
function spokenActions(
  s: Sentence,
  text: string,
  speaker: string | null,
  people: readonly Participant[],
  ctx: NotesContext,
): Array<{ parts: Omit<ActionFinding, keyof FindingBase | 'kind'>; confidence: number }> {
  const out: Array<{ parts: Omit<ActionFinding, keyof FindingBase | 'kind'>; confidence: number }> = [];
  const when = due(text, s, ctx);
  const dated = when.when ? 0.1 : 0;
  const clauses = text.split(
    /\s*[,;:]\s+|\s*[,;]\s*(?=and\b)|\s+(?=(?:and|but|so)\s+(?:you|we|i|he|she|they|[A-Z])\b)|\s+-\s+/,
  );
  let owner: Participant | undefined;
  clauses.forEach((clause) => {
    const named = mentioned(clause, people);
    const self = SELF_WILL.exec(clause);
    if (self && speaker) {
      const rest = self[1];
      const verb = WORK_VERB.exec(rest);
      const object = verb ? rest.slice(verb[0].length) : '';
      if (
        verb &&
        !PRONOUN_OBJECT.test(object) &&
        contentWords(object.replace(/\b(?:later|soon|today|tomorrow|asap)\b/gi, '')).size > 0 &&
        !IN_MEETING.test(rest) &&
        !s.negated.has(verb[0].split(' ')[0].toLowerCase())
      ) {
        out.push({
          parts: { what: tidy(clause.slice(self.index)), who: knownPerson(speaker, ctx) ?? speaker, ...when },
          confidence: 0.7 + dated,
        });
      }
      owner = undefined;
      return;
    }
    const you = YOU_WILL.exec(clause);
    if (you && !GROUP.test(clause)) {
      const who = named && named.mention.exec(clause)!.index < you.index ? named : owner;
      if (
        who &&
        !NOT_WORK.test(you[1]) &&
        contentWords(clause.slice(you.index + you[0].length)).size + (/ing$/.test(you[1]) ? 1 : 0) > 0
      ) {
        out.push({
          parts: {
            what: tidy(`${who.name}: ${clause.slice(you.index + you[0].length - you[1].length)}`),
            who: who.name,
            ...when,
          },
          confidence: 0.75 + dated,
        });
      }
      owner = undefined;
      return;
    }
    if (named) {
      const m = new RegExp(
        `${named.mention.source}(?:\\s+[A-Za-z]+)??(?:\\s+(?:is|are|'s))?\\s+(?:also\\s+)?(?:will|'ll|is going to|are going to|is gonna|are gonna|gonna|going to|to|needs to|need to|has to|have to|agreed to|owns?|takes?)\\s+(?:be\\s+)?(?:also\\s+|then\\s+|just\\s+)?(\\w+(?:\\s\\w+)?)`,
        'i',
      ).exec(clause);
      if (m && !NOT_WORK.test(m[1].split(' ')[0]) && (WORK_VERB.test(m[1]) || /ing$/.test(m[1].split(' ')[0]))) {
        out.push({
          parts: { what: tidy(clause.slice(m.index)), who: knownPerson(named.name, ctx) ?? named.name, ...when },
          confidence: 0.7 + dated,
        });
        owner = undefined;
        return;
      }
      // NOTE: "for our Industrial Designer, you're gonna ..." names the owner one clause before the verb.
      if (contentWords(clause).size <= 4) owner = named;
      return;
    }
  });
  // A written line that names an owner in the notes ("Dana: send the deck") keeps its speaker when it is a request.
  if (
    out.length === 0 &&
    s.imperative &&
    speaker &&
    /\b(?:please|by|before|due)\b/i.test(text) &&
    when.when &&
    WORK_VERB.test(text.replace(/^\W+/, ''))
  ) {
    out.push({ parts: { what: tidy(text), who: knownPerson(speaker, ctx) ?? speaker, ...when }, confidence: 0.6 });
  }
  return out;
}

/** what / who / when of a written action item ("Sarah to send the deck by Friday (@Sarah)"). */
function writtenAction(
  sentence: string,
  speaker: string | null,
  ctx: NotesContext,
): Omit<ActionFinding, keyof FindingBase | 'kind'> {
  const at =
    /@([A-Z][\w-]*(?:\s[A-Z][\w-]*)?)/.exec(sentence) ??
    /\((?:owner:\s*)?([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:,[^)]*)?\)/.exec(sentence) ??
    /[—–-]\s*([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*$/.exec(sentence);
  const lead = /^([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:to|will|'ll|is going to)\s+/.exec(sentence);
  const owner =
    at?.[1] ?? (lead && !NOT_PEOPLE.has(lead[1].split(' ')[0]) ? lead[1] : undefined) ?? speaker ?? undefined;
  const what = tidy(sentence.replace(/\s*\((?:@|owner:)[^)]*\)|\s+@[A-Z][\w-]*(?:\s[A-Z][\w-]*)?/g, ''));
  return { what, ...(owner ? { who: knownPerson(owner, ctx) ?? owner } : {}), ...due(sentence, null, ctx) };
}

function due(sentence: string, s: Sentence | null, ctx: NotesContext): { when?: IsoDate } {
  const when =
    parseDueDate(sentence, ctx.meetingDate) ??
    s?.dates.map((d) => parseDueDate(`by ${d}`, ctx.meetingDate)).find(Boolean);
  return when ? { when } : {};
}

function riskFinding(
  sentence: string,
  next: string | undefined,
  base: Omit<FindingBase, 'confidence'> & { at: number; turns: number[] },
  confidence: number,
): Candidate {
  const probability =
    HIGH_PROB.test(sentence) && !LOW_PROB.test(sentence) ? 'high' : LOW_PROB.test(sentence) ? 'low' : 'medium';
  const impact =
    LOW_IMPACT.test(sentence) && !HIGH_IMPACT.test(sentence) ? 'low' : HIGH_IMPACT.test(sentence) ? 'high' : 'medium';
  const mitigation = MITIGATION.test(sentence) ? sentence : next && MITIGATION.test(next) ? next : undefined;
  return {
    kind: 'risk',
    ...base,
    title: tidy(sentence),
    probability,
    impact,
    ...(mitigation ? { mitigation: tidy(mitigation) } : {}),
    confidence,
  };
}

/**
 * Decisions said again within one discussion (a proposal, its restatement, "okay so ...") are one
 * decision resting on all their turns; so are one owner's actions on the same work.
 */
function mergeDiscussions(found: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const f of found) {
    if (f.kind !== 'decision' && f.kind !== 'action') {
      out.push(f);
      continue;
    }
    const words = contentWords(textOf(f));
    const same = out.find((o) => {
      if (o.kind !== f.kind || o.confidence >= 0.85 || f.confidence >= 0.85) return false;
      const near = (f.turns[0] ?? 0) - (o.turns[o.turns.length - 1] ?? 0) <= SAME_DISCUSSION;
      if (f.kind === 'action')
        return (
          o.kind === 'action' &&
          (o.who ?? '').toLowerCase() === (f.who ?? '').toLowerCase() &&
          ((near && o.turns.includes(f.turns[0])) || wordSimilarity(contentWords(textOf(o)), words) >= 0.25)
        );
      return near && [...words].some((w) => contentWords(textOf(o)).has(w));
    });
    if (!same) {
      out.push(f);
      continue;
    }
    const turns = [...new Set([...same.turns, ...f.turns])].sort((a, b) => a - b);
    if (f.confidence > same.confidence) Object.assign(same, { ...f, turns, at: same.at });
    else same.turns = turns;
  }
  return out;
}

/** The words of a milestone title that say what it is about, with acronyms of its multi-word names. */
function titleTerms(title: string): { words: string[]; acronyms: Map<string, string[]> } {
  const all = [...contentWords(title)];
  const about = all.filter((w) => !TITLE_STATUS.has(w));
  const words = about.length ? about : all;
  const acronyms = new Map<string, string[]>();
  const tokens = title.split(/[^A-Za-z0-9]+/).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    for (let n = 2; n <= 4 && i + n <= tokens.length; n++) {
      const run = tokens.slice(i, i + n);
      acronyms.set(
        run
          .map((t) => t[0])
          .join('')
          .toLowerCase(),
        [...contentWords(run.join(' '))],
      );
    }
  }
  return { words, acronyms };
}

/** Stemmed words of a sentence, plus the words its acronyms stand for in the title ("SSO" -> single, sign, on). */
function sentenceTerms(sentence: string, acronyms: Map<string, string[]>): Set<string> {
  const words = contentWords(sentence);
  for (const token of sentence.match(/\b[A-Z]{2,5}s?\b/g) ?? []) {
    const expanded = acronyms.get(token.replace(/s$/, '').toLowerCase());
    if (expanded) for (const w of expanded) words.add(w);
  }
  return words;
}

/**
 * The milestone a sentence reports a status change of. A milestone is named when the sentence
 * carries most of the weight of the title's words about what it is (not its status words: "All
 * users trained" is about training users, "done" names nothing), each word weighted by how few
 * milestones share it; a title's acronym ("SSO" in "Access and SSO configured") and an acronym the
 * sentence uses for the title's words ("SSO" for "Single sign-on enabled") count as its words.
 * Ties name nothing.
 */
function milestoneChange(sentence: string, ctx: NotesContext): Pick<MilestoneFinding, 'milestone' | 'status'> | null {
  const status = DONE.test(sentence)
    ? 'done'
    : BLOCKED.test(sentence)
      ? 'blocked'
      : MISSED.test(sentence)
        ? 'missed'
        : STARTED.test(sentence)
          ? 'in_progress'
          : null;
  if (!status) return null;
  const terms = ctx.milestones.map((m) => ({ m, ...titleTerms(m.title) }));
  const share = new Map<string, number>();
  for (const t of terms) for (const w of new Set(t.words)) share.set(w, (share.get(w) ?? 0) + 1);
  let best: { id: string; score: number; status?: string } | null = null;
  let tie = false;
  for (const t of terms) {
    if (t.words.length === 0) continue;
    const said = sentenceTerms(sentence, t.acronyms);
    const weight = (w: string) => 1 / (share.get(w) ?? 1);
    const total = t.words.reduce((sum, w) => sum + weight(w), 0);
    const hit = t.words.filter((w) => said.has(w) || said.has(stem(w))).reduce((sum, w) => sum + weight(w), 0);
    const score = hit / total;
    if (score < 0.5 || hit === 0) continue;
    if (best && Math.abs(score - best.score) < 1e-9) tie = true;
    else if (!best || score > best.score) {
      best = { id: t.m.id, score, status: t.m.status };
      tie = false;
    }
  }
  if (!best || tie || best.status === status) return null;
  return { milestone: best.id, status };
}

function stakeholderChanges(
  sentence: string,
  ctx: NotesContext,
): Array<Pick<StakeholderFinding, 'name' | 'change' | 'title' | 'role' | 'engagement'>> {
  const out: Array<Pick<StakeholderFinding, 'name' | 'change' | 'title' | 'role' | 'engagement'>> = [];
  const left = LEFT.exec(sentence);
  if (left && !NOT_PEOPLE.has(left[1].split(' ')[0]))
    out.push({ name: knownPerson(left[1], ctx) ?? left[1], change: 'left' });
  const role = NEW_ROLE.exec(sentence);
  const joined = JOINED.exec(sentence);
  if (role) out.push({ name: role[2], change: 'added', title: role[1].trim(), role: roleOf(role[1]) });
  else if (joined && !NOT_PEOPLE.has(joined[1].split(' ')[0]) && !knownPerson(joined[1], ctx))
    out.push({
      name: joined[1],
      change: 'added',
      ...(joined[2] ? { title: joined[2].trim(), role: roleOf(joined[2]) } : {}),
    });
  const high = ENGAGED_HIGH.exec(sentence);
  const low = ENGAGED_LOW.exec(sentence);
  const engaged = high
    ? { name: high[1], level: 'high' as const }
    : low
      ? { name: low[1] ?? low[2], level: 'low' as const }
      : null;
  if (engaged && knownPerson(engaged.name, ctx))
    out.push({ name: knownPerson(engaged.name, ctx)!, change: 'engagement', engagement: engaged.level });
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

/**
 * The findings of several windows of one meeting as one list (issue 17): a finding two
 * overlapping windows both report (the same kind and evidence, or alike words) is kept once, with
 * the higher confidence; the rest in the order of the meeting. Pure.
 */
export function mergeWindowFindings(lists: ReadonlyArray<readonly NotesFinding[]>): NotesFinding[] {
  const best = new Map<string, NotesFinding>();
  const order: string[] = [];
  for (const f of lists.flat()) {
    const key = `${f.kind}\0${f.evidence.toLowerCase().replace(/\s+/g, ' ').trim()}`;
    const seen = best.get(key);
    if (!seen) order.push(key);
    if (!seen || f.confidence > seen.confidence) best.set(key, f);
  }
  const unique = order.map((k) => best.get(k)!);
  const byConfidence = [...unique].sort((a, b) => b.confidence - a.confidence);
  const kept = new Set(dedupe(byConfidence));
  return unique
    .filter((f) => kept.has(f))
    .sort((a, b) => (a.turn ?? Number.MAX_SAFE_INTEGER) - (b.turn ?? Number.MAX_SAFE_INTEGER));
}
