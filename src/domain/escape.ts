/**
 * Making plan text safe where it is written into another format (issue 8: "CRM exports with
 * formula injection", "HTML/script in fields"). Plans keep text exactly as people and CRMs wrote
 * it; the writer of each output format neutralises it there, with these helpers:
 * - CSV (opened by spreadsheets): `csvField()`, which quotes per RFC 4180 and defuses formulas
 *   (OWASP "CSV Injection": a cell that starts with = + - @, a tab or a carriage return is
 *   prefixed with a single quote so the spreadsheet shows it as text);
 * - markdown: `escapeMarkdown()` for inline text (table cells, list items): markdown and HTML
 *   specials are backslash-escaped or entity-encoded, line breaks become spaces, and a leading
 *   formula character is escaped too (`\=`, shown as `=`) in case the table is pasted into a
 *   spreadsheet;
 * - HTML: `escapeHtml()` for text and attribute values, `safeUrl()` for links.
 * Pure: strings in, strings out.
 */

/** Characters that make a spreadsheet cell a formula (OWASP CSV Injection), and the full-width = and + some spreadsheets accept. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Defuses a spreadsheet formula: text that starts with = + - @ (or a tab / carriage return) gets a leading single quote. Other text is returned as it is. */
export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * One CSV field: numbers and booleans as they are; null/undefined as empty; text defused
 * (neutralizeFormula) and quoted when it holds a comma, quote, line break or leading/trailing
 * space (RFC 4180: quotes doubled).
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return String(value);
  const text = neutralizeFormula(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Escapes text for HTML element content and quoted attribute values: & < > " '. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Escapes text for inline markdown (a paragraph, list item or table cell): markdown specials are
 * backslash-escaped, < > & become entities (no raw HTML), line breaks become spaces (a table row
 * stays one row), and a leading formula character is escaped.
 */
export function escapeMarkdown(value: string): string {
  const escaped = value
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  return /^[=@\t]/.test(escaped) ? `\\${escaped}` : escaped;
}

/** A URL that is safe as a link target: http(s) and mailto only; anything else (javascript:, data:) gives undefined. */
export function safeUrl(value: string): string | undefined {
  const trimmed = value.trim();
  return /^(https?:\/\/|mailto:)[^\s<>"']+$/i.test(trimmed) ? trimmed : undefined;
}
