import type { StreamPart } from '@switchyard/contracts';
import { convertChunk } from './convert-chunk';
import { WireChunkSchema } from './openai-wire.schema';

/** A `chat.completion.chunk` as OpenAI sends it, around the given choices. */
function chunk(choices: unknown[], usage: unknown = null): unknown {
  return {
    id: 'chatcmpl-C1a2b3c4d5e6f7g8h9i0',
    object: 'chat.completion.chunk',
    created: 1754500000,
    model: 'gpt-4o-mini-2024-07-18',
    service_tier: 'default',
    system_fingerprint: 'fp_560af6e559',
    choices,
    usage,
    obfuscation: 'qv3N',
  };
}

function choice(delta: unknown, finishReason: string | null = null, index = 0, logprobs: unknown = null): unknown {
  return { index, delta, logprobs, finish_reason: finishReason };
}

describe('convertChunk', () => {
  it.each<[string, unknown, StreamPart[]]>([
    ['the role-only first chunk', chunk([choice({ role: 'assistant', content: '', refusal: null })]), []],
    ['text', chunk([choice({ content: 'Hello' })]), [{ type: 'delta', index: 0, text: 'Hello' }]],
    ['a whitespace token', chunk([choice({ content: ' ' })]), [{ type: 'delta', index: 0, text: ' ' }]],
    ['an empty finish chunk', chunk([choice({}, 'stop')]), [{ type: 'finish', index: 0, reason: 'stop' }]],
    ['a finish chunk without delta', chunk([{ index: 0, finish_reason: 'length' }]), [{ type: 'finish', index: 0, reason: 'length' }]],
    ['text and finish in one chunk (Ollama)', chunk([choice({ content: '.' }, 'stop')]), [{ type: 'delta', index: 0, text: '.' }, { type: 'finish', index: 0, reason: 'stop' }]],
    ['content_filter', chunk([choice({}, 'content_filter')]), [{ type: 'finish', index: 0, reason: 'content_filter' }]],
    ['an unknown finish reason', chunk([choice({}, 'abort')]), [{ type: 'finish', index: 0, reason: 'stop' }]],
    [
      'the first tool-call fragment, in the role chunk',
      chunk([choice({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_Xy1', type: 'function', function: { name: 'get_weather', arguments: '' } }], refusal: null })]),
      [{ type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, id: 'call_Xy1', name: 'get_weather', arguments: '' }] }],
    ],
    [
      'an arguments fragment',
      chunk([choice({ tool_calls: [{ index: 1, function: { arguments: '{"ci' } }] })]),
      [{ type: 'delta', index: 0, text: '', toolCalls: [{ index: 1, arguments: '{"ci' }] }],
    ],
    [
      'whole tool calls without index (position used)',
      chunk([choice({ tool_calls: [{ id: 'a', function: { name: 'f', arguments: '{}' } }, { id: 'b', function: { name: 'g', arguments: '{}' } }] })]),
      [{ type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, id: 'a', name: 'f', arguments: '{}' }, { index: 1, id: 'b', name: 'g', arguments: '{}' }] }],
    ],
    ['an empty tool_calls list (vLLM)', chunk([choice({ content: 'x', tool_calls: [] })]), [{ type: 'delta', index: 0, text: 'x' }]],
    [
      'a legacy function_call fragment',
      chunk([choice({ function_call: { arguments: '{"q":' } })]),
      [{ type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, arguments: '{"q":' }] }],
    ],
    ['a refusal fragment', chunk([choice({ refusal: "I'm sorry" })]), [{ type: 'delta', index: 0, text: '', refusal: "I'm sorry" }]],
    [
      'logprobs',
      chunk([choice({ content: 'Hi' }, null, 0, { content: [{ token: 'Hi', logprob: -0.02, bytes: [72, 105], top_logprobs: [] }], refusal: null })]),
      [{ type: 'delta', index: 0, text: 'Hi', logprobs: [{ token: 'Hi', logprob: -0.02, bytes: [72, 105], top_logprobs: [] }] }],
    ],
    [
      'two choices in one chunk',
      chunk([choice({ content: 'A' }, null, 0), choice({ content: 'B' }, 'stop', 1)]),
      [{ type: 'delta', index: 0, text: 'A' }, { type: 'delta', index: 1, text: 'B' }, { type: 'finish', index: 1, reason: 'stop' }],
    ],
    [
      'the usage chunk',
      chunk([], { prompt_tokens: 19, completion_tokens: 10, total_tokens: 29, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } }),
      [{ type: 'usage', promptTokens: 19, completionTokens: 10, cachedPromptTokens: 0, reasoningTokens: 0 }],
    ],
    [
      'a finish with usage in the same chunk (Together, Ollama)',
      chunk([choice({}, 'stop')], { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 }),
      [{ type: 'finish', index: 0, reason: 'stop' }, { type: 'usage', promptTokens: 7, completionTokens: 3 }],
    ],
    ["Azure's prompt-filter chunk", { id: '', object: '', created: 0, model: '', choices: [], prompt_filter_results: [{ prompt_index: 0 }] }, []],
  ])('%s', (_name, json, expected) => {
    expect(convertChunk(WireChunkSchema.parse(json))).toEqual(expected);
  });
});
