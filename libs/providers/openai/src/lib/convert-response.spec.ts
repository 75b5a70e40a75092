import type { StreamPart } from '@switchyard/contracts';
import { convertResponse } from './convert-response';

const USAGE = {
  prompt_tokens: 19,
  completion_tokens: 10,
  total_tokens: 29,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};
const USAGE_PART: StreamPart = { type: 'usage', promptTokens: 19, completionTokens: 10, cachedPromptTokens: 0, reasoningTokens: 0 };

/** A `chat.completion` as OpenAI sends it, around the given choices. */
function completion(choices: unknown[], usage: unknown = USAGE): Record<string, unknown> {
  return {
    id: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
    object: 'chat.completion',
    created: 1741569952,
    model: 'gpt-4o-mini-2024-07-18',
    choices,
    usage,
    service_tier: 'default',
    system_fingerprint: 'fp_0392822090',
  };
}

function choice(message: Record<string, unknown>, finishReason: string | null = 'stop', index = 0, logprobs: unknown = null): Record<string, unknown> {
  return { index, message: { role: 'assistant', content: null, refusal: null, annotations: [], ...message }, logprobs, finish_reason: finishReason };
}

const weatherCall = (id: string, city: string) => ({ id, type: 'function', function: { name: 'get_weather', arguments: `{"city":"${city}"}` } });

describe('convertResponse', () => {
  it.each<[string, unknown, StreamPart[]]>([
    [
      'plain text',
      completion([choice({ content: 'Hello! How can I assist you today?' })]),
      [{ type: 'delta', index: 0, text: 'Hello! How can I assist you today?' }, { type: 'finish', index: 0, reason: 'stop' }, USAGE_PART],
    ],
    [
      'parallel tool calls',
      completion([choice({ tool_calls: [weatherCall('call_Xy1', 'Paris'), weatherCall('call_Ab2', 'Rome')] }, 'tool_calls')]),
      [
        {
          type: 'delta',
          index: 0,
          text: '',
          toolCalls: [
            { index: 0, id: 'call_Xy1', name: 'get_weather', arguments: '{"city":"Paris"}' },
            { index: 1, id: 'call_Ab2', name: 'get_weather', arguments: '{"city":"Rome"}' },
          ],
        },
        { type: 'finish', index: 0, reason: 'tool_calls' },
        USAGE_PART,
      ],
    ],
    [
      'text beside a tool call, without id (some compatible servers)',
      completion([choice({ content: 'Let me check.', tool_calls: [{ function: { name: 'get_weather', arguments: '{}' } }] }, 'tool_calls')]),
      [
        { type: 'delta', index: 0, text: 'Let me check.', toolCalls: [{ index: 0, name: 'get_weather', arguments: '{}' }] },
        { type: 'finish', index: 0, reason: 'tool_calls' },
        USAGE_PART,
      ],
    ],
    [
      'a custom-tool call',
      completion([choice({ tool_calls: [{ id: 'call_c1', type: 'custom', custom: { name: 'run_sql', input: 'SELECT 1' } }] }, 'tool_calls')]),
      [
        { type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, id: 'call_c1', name: 'run_sql', arguments: 'SELECT 1' }] },
        { type: 'finish', index: 0, reason: 'tool_calls' },
        USAGE_PART,
      ],
    ],
    [
      'a legacy function_call',
      completion([choice({ function_call: { name: 'lookup', arguments: '{"q":"x"}' } }, 'function_call')]),
      [
        { type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, name: 'lookup', arguments: '{"q":"x"}' }] },
        { type: 'finish', index: 0, reason: 'function_call' },
        USAGE_PART,
      ],
    ],
    [
      'multiple choices',
      completion([choice({ content: 'Red.' }, 'stop', 0), choice({ content: 'Blue, green and' }, 'length', 1)]),
      [
        { type: 'delta', index: 0, text: 'Red.' },
        { type: 'finish', index: 0, reason: 'stop' },
        { type: 'delta', index: 1, text: 'Blue, green and' },
        { type: 'finish', index: 1, reason: 'length' },
        USAGE_PART,
      ],
    ],
    [
      'choices without index (position used)',
      { choices: [{ message: { content: 'a' }, finish_reason: 'stop' }, { message: { content: 'b' }, finish_reason: 'stop' }] },
      [
        { type: 'delta', index: 0, text: 'a' },
        { type: 'finish', index: 0, reason: 'stop' },
        { type: 'delta', index: 1, text: 'b' },
        { type: 'finish', index: 1, reason: 'stop' },
      ],
    ],
    [
      'a refusal',
      completion([choice({ refusal: "I'm sorry, I can't help with that." })]),
      [{ type: 'delta', index: 0, text: '', refusal: "I'm sorry, I can't help with that." }, { type: 'finish', index: 0, reason: 'stop' }, USAGE_PART],
    ],
    [
      'logprobs',
      completion([
        choice({ content: 'Hi' }, 'stop', 0, {
          content: [{ token: 'Hi', logprob: -0.0009, bytes: [72, 105], top_logprobs: [{ token: 'Hi', logprob: -0.0009, bytes: [72, 105] }, { token: 'Hello', logprob: -7.1, bytes: [72, 101, 108, 108, 111] }] }],
          refusal: null,
        }),
      ]),
      [
        {
          type: 'delta',
          index: 0,
          text: 'Hi',
          logprobs: [{ token: 'Hi', logprob: -0.0009, bytes: [72, 105], top_logprobs: [{ token: 'Hi', logprob: -0.0009, bytes: [72, 105] }, { token: 'Hello', logprob: -7.1, bytes: [72, 101, 108, 108, 111] }] }],
        },
        { type: 'finish', index: 0, reason: 'stop' },
        USAGE_PART,
      ],
    ],
    [
      'cached prompt and reasoning tokens',
      completion([choice({ content: '42' })], {
        prompt_tokens: 2006,
        completion_tokens: 300,
        total_tokens: 2306,
        prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 256, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      }),
      [
        { type: 'delta', index: 0, text: '42' },
        { type: 'finish', index: 0, reason: 'stop' },
        { type: 'usage', promptTokens: 2006, completionTokens: 300, cachedPromptTokens: 1920, reasoningTokens: 256 },
      ],
    ],
    [
      'no usage reported',
      completion([choice({ content: 'ok' })], null),
      [{ type: 'delta', index: 0, text: 'ok' }, { type: 'finish', index: 0, reason: 'stop' }],
    ],
    [
      'an error object answered with 200',
      { error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } },
      [{ type: 'error', code: 'upstream_error', message: 'openai reported an error: the provider reported an error (server_error).', param: null, retryable: true }],
    ],
  ])('%s', (_name, json, expected) => {
    expect(convertResponse('openai', json)).toEqual(expected);
  });

  it.each<[string, string | null, string]>([
    ['stop', 'stop', 'stop'],
    ['length', 'length', 'length'],
    ['tool_calls', 'tool_calls', 'tool_calls'],
    ['content_filter', 'content_filter', 'content_filter'],
    ['function_call', 'function_call', 'function_call'],
    ['null', null, 'stop'],
    ['an unknown reason', 'abort', 'stop'],
  ])('finish reason %s', (_name, reason, expected) => {
    const parts = convertResponse('openai', completion([choice({ content: 'x' }, reason)]));
    expect(parts[1]).toEqual({ type: 'finish', index: 0, reason: expected });
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /expected object/],
    ['a string', 'Bad Gateway', /expected object/],
    ['an array', [], /expected object/],
    ['no choices field', { id: 'chatcmpl-1', object: 'chat.completion' }, /choices/],
    ['empty choices', completion([]), /choices/],
    ['a choice without message', completion([{ index: 0, finish_reason: 'stop' }]), /choices\.0\.message/],
    ['content of the wrong type', completion([choice({ content: 42 })]), /choices\.0\.message\.content/],
    ['a tool call without function', completion([choice({ tool_calls: [{ id: 'call_1', type: 'function' }] }, 'tool_calls')]), /choices\.0\.message\.tool_calls\.0/],
    ['usage with strings', completion([choice({ content: 'x' })], { prompt_tokens: '19', completion_tokens: 10 }), /usage\.prompt_tokens/],
    ['negative token counts', completion([choice({ content: 'x' })], { prompt_tokens: -1, completion_tokens: 10 }), /usage\.prompt_tokens/],
  ])('refuses a malformed body: %s', (_name, json, detail) => {
    const parts = convertResponse('openai', json);
    expect(parts).toEqual([{ type: 'error', code: 'upstream_error', message: expect.stringMatching(/^openai sent a malformed response \(/), param: null, retryable: true }]);
    expect(parts[0]?.type === 'error' && parts[0].message).toMatch(detail);
  });
});
