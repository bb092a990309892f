/**
 * The Prompter on a terminal, through @inquirer/prompts (7.x: runs on Node 20). Ctrl-C becomes
 * CancelledError (exit 130). Only created when stdin and stdout are terminals (ECOSYSTEM: inquirer
 * without a TTY either throws or hangs).
 */
import { confirm, input, select } from '@inquirer/prompts';
import { CancelledError } from '../errors.js';
import type { Prompter, Question } from './port.js';

/** Prompter backed by @inquirer/prompts. */
export class InquirerPrompter implements Prompter {
  async ask(questions: readonly Question[]): Promise<Record<string, string | boolean>> {
    const answers: Record<string, string | boolean> = {};
    try {
      for (const q of questions) {
        if (q.type === 'confirm') {
          answers[q.name] = await confirm({ message: q.message, default: q.default === true });
        } else if (q.type === 'select' && q.choices) {
          answers[q.name] = await select({ message: q.message, choices: q.choices.map((c) => ({ name: c, value: c })), default: q.default as string | undefined });
        } else {
          answers[q.name] = await input({
            message: q.message,
            default: typeof q.default === 'string' ? q.default : undefined,
            validate: (value: string) => q.validate?.(value) ?? true,
          });
        }
      }
    } catch (error) {
      if ((error as Error)?.name === 'ExitPromptError') throw new CancelledError();
      throw error;
    }
    return answers;
  }
}
