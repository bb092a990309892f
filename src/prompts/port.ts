/**
 * Prompts as data (STYLE "Prompter port"): questions with names, answered by name. The inquirer
 * adapter asks them on a terminal; tests answer them from a table. Commands ask only when
 * ctx.interactive is true and the value was not given as a flag; otherwise they raise a
 * UsageError that names the flag.
 */

/** One question. `flag` is the option that answers it without a prompt. */
export interface Question {
  name: string;
  flag: string;
  message: string;
  type: 'input' | 'select' | 'confirm';
  choices?: readonly string[];
  default?: string | boolean;
  /** Returns an error message, or null when the answer is acceptable. */
  validate?: (answer: string) => string | null;
}

/** Asks questions; resolves to answers by question name. Throws CancelledError on Ctrl-C. */
export interface Prompter {
  ask(questions: readonly Question[]): Promise<Record<string, string | boolean>>;
}
