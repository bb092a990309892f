/**
 * The Prompter on a terminal, through @inquirer/prompts (7.x: runs on Node 20). Ctrl-C and Ctrl-D
 * (end of input) become CancelledError (exit 130). Only created when stdin and stdout are terminals (ECOSYSTEM: inquirer
 * without a TTY either throws or hangs).
 */
import { confirm, input, select } from '@inquirer/prompts';
import { CancelledError } from '../errors.js';
import type { Prompter, Question } from './port.js';

/** Prompter backed by @inquirer/prompts. */
export class InquirerPrompter implements Prompter {
  async ask(questions: readonly Question[]): Promise<Record<string, string | boolean>> {
    const answers: Record<string, string | boolean> = {};
    // NOTE: Ctrl-D (end of input) closes the prompt's readline without settling its promise, and
    // Node then exits 0 with the question unanswered, as if the command had succeeded. When the
    // event loop runs dry while a question waits, nothing can answer it any more: a cancel (130).
    let onIdle: (() => void) | undefined;
    const ended = new Promise<never>((_, reject) => {
      onIdle = () => reject(Object.assign(new Error('end of input at a prompt'), { name: 'ExitPromptError' }));
      process.once('beforeExit', onIdle);
    });
    ended.catch(() => undefined);
    try {
      for (const q of questions) {
        if (q.type === 'confirm') {
          answers[q.name] = await Promise.race([confirm({ message: q.message, default: q.default === true }), ended]);
        } else if (q.type === 'select' && q.choices) {
          answers[q.name] = await Promise.race([
            select({
              message: q.message,
              choices: q.choices.map((c) => ({ name: c, value: c })),
              default: q.default as string | undefined,
            }),
            ended,
          ]);
        } else {
          answers[q.name] = await Promise.race([
            input({
              message: q.message,
              default: typeof q.default === 'string' ? q.default : undefined,
              validate: (value: string) => q.validate?.(value) ?? true,
            }),
            ended,
          ]);
        }
      }
    } catch (error) {
      if ((error as Error)?.name === 'ExitPromptError') throw new CancelledError();
      throw error;
    } finally {
      if (onIdle) process.off('beforeExit', onIdle);
    }
    return answers;
  }
}
