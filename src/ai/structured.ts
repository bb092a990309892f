/**
 * Asking the model for structured output and checking it before anyone sees it (issue 5 "With a
 * key"): the reply's tool input is validated with ajv against the tool's JSON Schema (derived from
 * schemas/, tool-schemas.ts), then by the command's own check (owners, dates, the plan's rules).
 * A reply that fails is sent back ONCE with the errors as the tool result; a second failure is
 * reported (AiReplyError). Service failures (timeouts, 429, 5xx) were already retried by the SDK and
 * arrive here as ExternalError, which passes through untouched.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import {
  addUsage,
  type DraftModel,
  type ModelMessage,
  type ModelReply,
  type ModelRequest,
  type ToolSchema,
  type TokenUsage,
} from './port.js';
import { createAjv } from '../schema/ajv-setup.js';
import { describeAjvErrors } from '../schema/validate.js';

/** The result of a check: the value to use, or what is wrong with the reply (one line each). */
export type CheckResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** What a successful request gives. */
export interface Structured<T> {
  value: T;
  reply: ModelReply;
  /** 1, or 2 when the first reply was sent back with its errors. */
  attempts: number;
  /** Tokens of every attempt together. */
  usage?: TokenUsage;
}

/** The model's reply did not validate, twice. Carries the errors and the raw replies for the hint. */
export class AiReplyError extends Error {
  constructor(
    readonly errors: string[],
    readonly replies: ModelReply[],
  ) {
    super(
      `the AI reply did not match the schema after a retry: ${errors.slice(0, 3).join('; ')}${errors.length > 3 ? `; and ${errors.length - 3} more` : ''}`,
    );
  }
}

const compiled = new WeakMap<ToolSchema, ValidateFunction>();

/** Validates a tool input against its schema: [] when it is valid, else one readable line per problem. */
export function schemaErrors(schema: ToolSchema, input: unknown): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = createAjv().compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(input)) return [];
  return describeAjvErrors((validate.errors ?? []) as ErrorObject[], input).map(
    (i) => `${i.path || '(top level)'}: ${i.message}`,
  );
}

/**
 * Sends the request, validates the reply (schema, then `check`), and retries once with the
 * errors. Throws AiReplyError after two bad replies; ExternalError from the model passes through.
 */
export async function requestStructured<T>(
  model: DraftModel,
  request: ModelRequest,
  check: (input: unknown) => CheckResult<T> | Promise<CheckResult<T>>,
): Promise<Structured<T>> {
  const replies: ModelReply[] = [];
  let messages: ModelMessage[] = request.messages;
  for (let attempt = 1; attempt <= 2; attempt++) {
    const reply = await model.complete({ ...request, messages });
    replies.push(reply);
    const errors = await errorsOf(reply, request, check);
    if (errors.ok)
      return {
        value: errors.value,
        reply,
        attempts: attempt,
        usage: replies.reduce<TokenUsage | undefined>((sum, r) => (r.usage ? addUsage(sum, r.usage) : sum), undefined),
      };
    if (attempt === 2) throw new AiReplyError(errors.errors, replies);
    messages = [...messages, ...retryTurns(reply, request.tool.name, errors.errors)];
  }
  throw new Error('unreachable');
}

async function errorsOf<T>(
  reply: ModelReply,
  request: ModelRequest,
  check: (input: unknown) => CheckResult<T> | Promise<CheckResult<T>>,
): Promise<CheckResult<T>> {
  if (reply.toolInput === undefined)
    return {
      ok: false,
      errors: [
        `the reply did not call the ${request.tool.name} tool${reply.stopReason === 'max_tokens' ? ' (it ran out of tokens: raise ai.max_tokens)' : ''}`,
      ],
    };
  const problems = schemaErrors(request.tool.inputSchema, reply.toolInput);
  if (problems.length > 0) return { ok: false, errors: problems };
  return check(reply.toolInput);
}

/** The turns that send a bad reply back: the tool call and an error result naming every problem. */
function retryTurns(reply: ModelReply, toolName: string, errors: string[]): ModelMessage[] {
  const text = [
    `The ${toolName} input was rejected. Fix these problems and call ${toolName} again with the whole corrected input:`,
    ...errors.slice(0, 40).map((e) => `- ${e}`),
    'Set only the properties the tool schema defines.',
  ].join('\n');
  if (
    reply.toolUseId &&
    reply.toolInput !== null &&
    typeof reply.toolInput === 'object' &&
    !Array.isArray(reply.toolInput)
  ) {
    return [
      { role: 'assistant_tool_call', toolUseId: reply.toolUseId, toolName, input: reply.toolInput },
      { role: 'tool_result', toolUseId: reply.toolUseId, text, isError: true },
    ];
  }
  return [{ role: 'user', text }];
}
