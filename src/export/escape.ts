/**
 * Escaping plan text for the export formats. Every value that comes from a plan is untrusted:
 * it may hold HTML, script, markdown syntax, Mermaid syntax or a spreadsheet formula (a CRM field
 * such as =cmd|' /C calc'!A0), and must come out as the same text, never as markup or a formula.
 * Plans keep text exactly as written; this is where it is neutralised (issue 8). Pure.
 */

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML or SVG element content and double-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return text(value).replace(/[&<>"']/g, (c) => HTML[c]);
}

/**
 * Inline markdown text (CommonMark / GitHub): HTML-significant characters become entities (so
 * no tag, entity or autolink survives), markdown punctuation is backslash-escaped, and the
 * characters that start a block at the beginning of a line are neutralised. Newlines become
 * spaces; use markdownParagraphs for multi-line text.
 */
export function escapeMarkdown(value: unknown): string {
  const one = text(value).replace(/\r?\n|\r/g, ' ');
  return escapeLine(one);
}

/** Multi-line markdown text: each line escaped, line breaks kept as hard breaks, blank lines as paragraph breaks. */
export function markdownParagraphs(value: unknown): string {
  return text(value)
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .reduce<string[]>((out, line) => {
      if (line === '') {
        if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      } else out.push(escapeLine(line));
      return out;
    }, [])
    .join('\n')
    .replace(/([^\n])\n(?!\n)/g, '$1  \n')
    .trim();
}

function escapeLine(line: string): string {
  const escaped = line
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~{}]/g, '\\$&')
    // NOTE: "!" and "(" matter only after "]" or before "[", both escaped above; ":" and "@"
    // could form GitHub's bare autolinks, which show the text as a link but run nothing.
    .trim();
  // A line that starts with "#", "- ", "+ ", "1. ", "1) " or a run of "-" / "=" would become a
  // heading, a list item or a rule; one that starts with = + - @ would become a spreadsheet
  // formula when a table is pasted into one (OWASP "CSV Injection"): all are escaped, and still
  // show as the same text.
  return escaped.replace(/^([#=+\-@])/, '\\$1').replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/**
 * A label inside a Mermaid gantt chart (in a fenced code block): one line, without the
 * characters the gantt grammar gives meaning to (":" separates the task data, "#" and ";" end
 * it, "%" starts a comment) and without angle brackets or backticks, so a label can neither
 * change the chart, close the code fence, nor carry markup. A label that would start like a
 * gantt statement (section, title, click, a date...) is put in typographic quotes.
 */
export function mermaidLabel(value: unknown, max = 80): string {
  const clean = text(value)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/:/g, ' -')
    .replace(/;/g, ',')
    .replace(/#/g, '＃')
    // NOTE: the lexer reads "%" as the start of a comment at the start of a token and right
    // after its first character ("a%b" vanished whole), so it is swapped for the full-width ％.
    .replace(/%/g, '％')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/`/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  const cut = clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean;
  if (cut === '') return '(untitled)';
  return GANTT_STATEMENT.test(cut) ? `“${cut}”` : cut;
}

// NOTE: the gantt lexer (mermaid 11 gantt.jison) takes the first rule that matches at the start
// of a line, so a label starting with one of these would be read as a statement, not a task.
const GANTT_STATEMENT =
  /^(gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|todaymarker|weekday|weekend|title|acctitle|accdescr|accdescription|section|click|call|href|displaymode|\d{4}-\d\d-\d\d|[%"(){}[\]])/i;

/** Shortens text to max characters with an ellipsis (for chart labels; the full text is in the tables). */
export function shorten(value: unknown, max: number): string {
  const one = text(value).replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, Math.max(1, max - 1)).trimEnd()}…` : one;
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}
