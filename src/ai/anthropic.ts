/**
 * The DraftModel on Anthropic's Messages API through @anthropic-ai/sdk (pinned; ECOSYSTEM
 * "@anthropic-ai/sdk"): the key passed explicitly, a timeout from config (the SDK's default is 10
 * minutes), the SDK's own retries with backoff on timeouts, 408/409/429 and 5xx, its logger sent to
 * stderr (so --json stays clean) with secrets masked, and structured output by forcing the one tool
 * (`tool_choice: {type: 'tool', name}`). SDK errors become ExternalError (exit 4) with a hint.
 * This is the only module that imports the SDK; it is loaded only when a command asks the model.
 */
import Anthropic from '@anthropic-ai/sdk';
import { ExternalError } from '../errors.js';
import { redactSecrets } from '../storage/secrets.js';
import {
  addUsage,
  type DraftModel,
  type ModelMessage,
  type ModelReply,
  type ModelRequest,
  type ModelSettings,
  type TokenUsage,
} from './port.js';

/** Where the SDK's log lines go (stderr). */
export interface LogSink {
  write(text: string): unknown;
}

/** Builds the Anthropic DraftModel. `env` is only used to mask secrets in log lines. */
export function createAnthropicModel(
  settings: ModelSettings,
  stderr: LogSink,
  env: Record<string, string | undefined>,
): DraftModel {
  const log =
    (level: string) =>
    (...args: unknown[]) =>
      stderr.write(
        redactSecrets(`anthropic ${level}: ${args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ')}`, {
          ...env,
          ANTHROPIC_API_KEY: settings.apiKey,
        }) + '\n',
      );
  const client = new Anthropic({
    apiKey: settings.apiKey,
    ...(settings.baseURL ? { baseURL: settings.baseURL } : {}),
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
    logger: { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') },
    logLevel: 'warn',
  });
  return {
    modelId: settings.model,
    async complete(request: ModelRequest): Promise<ModelReply> {
      let message;
      try {
        message = await client.messages.create({
          model: settings.model,
          max_tokens: request.maxTokens,
          system: request.system,
          messages: toApiMessages(request.messages),
          tools: [
            {
              name: request.tool.name,
              description: request.tool.description,
              input_schema: request.tool.inputSchema as Anthropic.Tool['input_schema'],
            },
          ],
          tool_choice: { type: 'tool', name: request.tool.name },
        });
      } catch (error) {
        throw toExternalError(error, settings);
      }
      const blocks = (message.content ?? []) as Array<{
        type: string;
        id?: string;
        name?: string;
        input?: unknown;
        text?: string;
      }>;
      const call = blocks.find((b) => b.type === 'tool_use' && b.name === request.tool.name);
      return {
        ...(call ? { toolUseId: call.id, toolInput: call.input } : {}),
        text: blocks
          .filter((b) => b.type === 'text')
          .map((b) => b.text ?? '')
          .join('\n'),
        model: String(message.model ?? settings.model),
        stopReason: (message.stop_reason as string | null | undefined) ?? null,
        ...(message.usage
          ? { usage: addUsage(undefined, message.usage as unknown as Partial<TokenUsage> as TokenUsage) }
          : {}),
      };
    },
  };
}

/** The port's messages as Messages API turns: consecutive tool turns are grouped the way the API wants. */
function toApiMessages(messages: readonly ModelMessage[]): Anthropic.MessageParam[] {
  const out: Anthropic.MessageParam[] = [];
  for (const m of messages) {
    if (m.role === 'user')
      out.push({
        role: 'user',
        content: [
          ...(m.cached
            ? [{ type: 'text' as const, text: m.cached, cache_control: { type: 'ephemeral' as const } }]
            : []),
          { type: 'text', text: m.text },
        ],
      });
    else if (m.role === 'assistant_tool_call')
      out.push({
        role: 'assistant',
        content: [{ type: 'tool_use', id: m.toolUseId, name: m.toolName, input: m.input as Record<string, unknown> }],
      });
    else
      out.push({
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: m.toolUseId, content: m.text, is_error: m.isError }],
      });
  }
  return out;
}

/** Maps an SDK failure to an ExternalError that says what failed and what to do. */
function toExternalError(error: unknown, settings: ModelSettings): ExternalError {
  const tries = settings.maxRetries + 1;
  const after = `after ${tries} attempt${tries === 1 ? '' : 's'}`;
  const nothing = 'nothing was written';
  if (error instanceof Anthropic.APIConnectionTimeoutError) {
    return new ExternalError(
      `the AI service did not answer within ${Math.round(settings.timeoutMs / 1000)} s (${after}); ${nothing}`,
      {
        code: 'ai-timeout',
        cause: error,
        hint: 'try again later, raise ai.timeout_ms in .csp.yaml (or CSP_AI_TIMEOUT_MS), or pass --offline',
      },
    );
  }
  if (error instanceof Anthropic.APIConnectionError) {
    return new ExternalError(`could not reach the AI service (${error.message}); ${nothing}`, {
      code: 'ai-unreachable',
      cause: error,
      hint: 'check the network (and ANTHROPIC_BASE_URL if set), or pass --offline',
    });
  }
  if (error instanceof Anthropic.AuthenticationError || error instanceof Anthropic.PermissionDeniedError) {
    return new ExternalError(`the AI service refused the API key (HTTP ${error.status}); ${nothing}`, {
      code: 'ai-auth',
      cause: error,
      hint: 'check ANTHROPIC_API_KEY, or pass --offline',
    });
  }
  if (error instanceof Anthropic.RateLimitError) {
    return new ExternalError(`the AI service is rate-limiting requests (HTTP 429, ${after}); ${nothing}`, {
      code: 'ai-rate-limited',
      cause: error,
      hint: 'wait a minute and try again, or pass --offline',
    });
  }
  if (error instanceof Anthropic.APIError && typeof error.status === 'number' && error.status >= 500) {
    return new ExternalError(`the AI service failed (HTTP ${error.status}, ${after}); ${nothing}`, {
      code: 'ai-server-error',
      cause: error,
      hint: 'try again later, or pass --offline',
    });
  }
  if (error instanceof Anthropic.APIError) {
    return new ExternalError(
      `the AI service rejected the request (HTTP ${error.status ?? '?'}: ${error.message}); ${nothing}`,
      {
        code: 'ai-request-rejected',
        cause: error,
        hint: `check ai.model (${settings.model}) and ai.max_tokens in .csp.yaml, or pass --offline`,
      },
    );
  }
  return new ExternalError(`the AI request failed: ${(error as Error)?.message ?? String(error)}; ${nothing}`, {
    code: 'ai-failed',
    cause: error,
    hint: 'run again with --debug for details, or pass --offline',
  });
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
