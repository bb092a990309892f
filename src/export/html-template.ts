/**
 * A tiny auto-escaping HTML template: every value interpolated into html`...` is escaped unless
 * it is itself a fragment built by html`...` (or, for csp's own constant markup, raw()). So a
 * renderer cannot forget to escape a plan value: forgetting gives visible text, never markup.
 * Pure.
 */
import { escapeHtml } from './escape.js';

/** A piece of markup that is already safe to insert. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

/** Builds markup; interpolated values are escaped, arrays are joined, null/undefined/false are dropped. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0];
  values.forEach((v, i) => {
    out += fragment(v) + strings[i + 1];
  });
  return new SafeHtml(out);
}

/** Marks csp's own constant markup (never plan data) as safe. */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function fragment(value: unknown): string {
  if (value instanceof SafeHtml) return value.html;
  if (Array.isArray(value)) return value.map(fragment).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}
