import { describe, expect, it } from 'vitest';
import { AiReplyError, requestStructured, schemaErrors } from '../../../src/ai/structured.js';
import type { DraftModel, ModelReply, ModelRequest } from '../../../src/ai/port.js';
import { ExternalError } from '../../../src/errors.js';

/** A model that answers from a script and records what it was asked. */
class ScriptedModel implements DraftModel {
  readonly modelId = 'fake';
  readonly requests: ModelRequest[] = [];
  constructor(private readonly replies: Array<Partial<ModelReply> | Error>) {}
  async complete(request: ModelRequest): Promise<ModelReply> {
    this.requests.push(structuredClone(request));
    const next = this.replies[Math.min(this.requests.length - 1, this.replies.length - 1)];
    if (next instanceof Error) throw next;
    return { text: '', model: 'fake-1', stopReason: 'tool_use', ...next };
  }
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['title'],
  properties: { title: { type: 'string', minLength: 1 } },
};
const request: ModelRequest = {
  system: 's',
  messages: [{ role: 'user', text: 'go' }],
  tool: { name: 't', description: 'd', inputSchema: schema },
  maxTokens: 100,
};
const ok = (input: unknown) => ({ ok: true as const, value: input });

describe('requestStructured', () => {
  it('returns the first reply that validates', async () => {
    const model = new ScriptedModel([{ toolUseId: 'a', toolInput: { title: 'x' } }]);
    const result = await requestStructured(model, request, ok);
    expect(result).toMatchObject({ value: { title: 'x' }, attempts: 1 });
  });

  it('sends a bad reply back once, as the tool call and an error result naming the problems', async () => {
    const model = new ScriptedModel([
      { toolUseId: 'a', toolInput: { title: 'x', status: 'active' } },
      { toolUseId: 'b', toolInput: { title: 'y' } },
    ]);
    const result = await requestStructured(model, request, ok);
    expect(result.attempts).toBe(2);
    const retry = model.requests[1].messages;
    expect(retry[1]).toEqual({
      role: 'assistant_tool_call',
      toolUseId: 'a',
      toolName: 't',
      input: { title: 'x', status: 'active' },
    });
    expect(retry[2]).toMatchObject({ role: 'tool_result', toolUseId: 'a', isError: true });
    expect((retry[2] as { text: string }).text).toContain('/status: unknown property "status"');
  });

  it("runs the command's own check after the schema, and gives up after the second bad reply", async () => {
    const model = new ScriptedModel([{ toolUseId: 'a', toolInput: { title: 'Mallory owns it' } }]);
    const check = (input: unknown) => ({
      ok: false as const,
      errors: [`/title: "${(input as { title: string }).title}" names someone outside the plan`],
    });
    const error = await requestStructured(model, request, check).catch((e) => e);
    expect(error).toBeInstanceOf(AiReplyError);
    expect(error.errors).toEqual(['/title: "Mallory owns it" names someone outside the plan']);
    expect(error.replies).toHaveLength(2);
    expect(model.requests).toHaveLength(2);
  });

  it('asks again in words when the model did not call the tool', async () => {
    const model = new ScriptedModel([
      { text: 'Sure! Here is the plan...' },
      { toolUseId: 'b', toolInput: { title: 'y' } },
    ]);
    await requestStructured(model, request, ok);
    expect(model.requests[1].messages[1]).toMatchObject({ role: 'user' });
    expect((model.requests[1].messages[1] as { text: string }).text).toContain('the reply did not call the t tool');
  });

  it('lets a service failure through untouched (the SDK already retried it)', async () => {
    const failure = new ExternalError('the AI service failed (HTTP 500, after 3 attempts)', {
      code: 'ai-server-error',
    });
    const model = new ScriptedModel([failure]);
    await expect(requestStructured(model, request, ok)).rejects.toBe(failure);
    expect(model.requests).toHaveLength(1);
  });
});

describe('schemaErrors', () => {
  it('reads like the validation errors of a plan', () => {
    expect(schemaErrors(schema, { title: '' })).toEqual(['/title: title must not be empty']);
    expect(schemaErrors(schema, {})).toEqual(['(top level): missing required property "title"']);
  });
});
