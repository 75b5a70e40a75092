import type { StreamPart } from '@switchyard/contracts';
import { openAISchemaValidator } from '@switchyard/testing';
import { ChatChunkRenderer } from './chat-chunks';
import { ChatCompletionAccumulator } from './chat-completion';

const PARTS: StreamPart[] = [
  { type: 'start', backend: 'openai:gpt-4o-mini', model: 'openai:gpt-4o-mini', workerId: 'w' },
  { type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, id: 'call_a', name: 'get_weather', arguments: '' }] },
  { type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, arguments: '{"city":' }] },
  { type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, arguments: '"Paris"}' }] },
  { type: 'delta', index: 0, text: '', toolCalls: [{ index: 1, id: 'call_b', name: 'get_time', arguments: '{}' }] },
  { type: 'finish', index: 0, reason: 'tool_calls' },
  { type: 'usage', promptTokens: 20, completionTokens: 9, cachedPromptTokens: 4 },
];

describe('tool calls and usage details rendered by the worker', () => {
  const spec = openAISchemaValidator();

  it('streams tool-call fragments as OpenAI does: id, type and name first, then argument pieces', () => {
    const renderer = new ChatChunkRenderer('chatcmpl-x', 1, true);
    const chunks = PARTS.map((p) => renderer.render(p))
      .filter((t) => t !== undefined)
      .map((t) => JSON.parse(t) as { choices: Array<{ delta: { tool_calls?: unknown[] } }>; usage?: unknown });
    for (const chunk of chunks) expect(spec.validate('CreateChatCompletionStreamResponse', chunk).errors).toEqual([]);
    expect(chunks[1].choices[0].delta.tool_calls).toEqual([{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }]);
    expect(chunks[2].choices[0].delta.tool_calls).toEqual([{ index: 0, function: { arguments: '{"city":' } }]);
    expect(chunks[2].choices[0].delta).not.toHaveProperty('content');
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 20, completion_tokens: 9, total_tokens: 29, prompt_tokens_details: { cached_tokens: 4 } });
  });

  it('gathers tool calls into the message, with null content, for a non-streamed answer', () => {
    const accumulator = new ChatCompletionAccumulator('chatcmpl-x', 1);
    for (const part of PARTS) accumulator.add(part);
    const result = accumulator.result();
    if (!result.ok) throw new Error(result.error.message);
    expect(spec.validate('CreateChatCompletionResponse', result.body).errors).toEqual([]);
    expect(result.body.choices[0].message).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: [
        { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
      ],
    });
    expect(result.body.choices[0].finish_reason).toBe('tool_calls');
  });

  it('carries logprobs and refusals', () => {
    const logprobs = [{ token: 'Hi', logprob: -0.1, bytes: [72, 105], top_logprobs: [] }];
    const parts: StreamPart[] = [
      { type: 'start', backend: 'openai:m', model: 'openai:m', workerId: 'w' },
      { type: 'delta', index: 0, text: 'Hi', logprobs },
      { type: 'delta', index: 0, text: '', refusal: 'I cannot' },
      { type: 'finish', index: 0, reason: 'stop' },
      { type: 'usage', promptTokens: 1, completionTokens: 1 },
    ];
    const accumulator = new ChatCompletionAccumulator('chatcmpl-y', 1);
    for (const part of parts) accumulator.add(part);
    const result = accumulator.result();
    if (!result.ok) throw new Error(result.error.message);
    expect(result.body.choices[0].logprobs).toEqual({ content: logprobs, refusal: null });
    expect(result.body.choices[0].message.refusal).toBe('I cannot');
    expect(spec.validate('CreateChatCompletionResponse', result.body).errors).toEqual([]);
    const renderer = new ChatChunkRenderer('chatcmpl-y', 1, false);
    renderer.render(parts[0]);
    const chunk = JSON.parse(renderer.render(parts[1]) ?? '') as { choices: Array<{ logprobs: unknown }> };
    expect(chunk.choices[0].logprobs).toEqual({ content: logprobs, refusal: null });
  });
});
