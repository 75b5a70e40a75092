import type { ChatCompletionRequest, CompletionRequest, EmbeddingRequest } from '@switchyard/openai';
import { buildChatRequest, buildCompletionRequest, buildEmbeddingRequest, type EmbeddingEncoding } from './build-request';

const base: ChatCompletionRequest = { model: 'openai:gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] };

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
    strict: true,
  },
} as const;

/** Cases whose every parameter must reach the upstream exactly as the client sent it. */
const passedThrough: [string, Partial<ChatCompletionRequest>][] = [
  ['a system prompt', { messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Hi' }] }],
  ['a developer message', { messages: [{ role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] }, { role: 'user', content: 'Hi' }] }],
  [
    'a multi-turn conversation',
    {
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Name a colour.', name: 'alice' },
        { role: 'assistant', content: 'Blue.' },
        { role: 'user', content: 'Another.' },
      ],
    },
  ],
  ['tools and a forced tool_choice', { tools: [weatherTool], tool_choice: { type: 'function', function: { name: 'get_weather' } }, parallel_tool_calls: false }],
  ['tool_choice required', { tools: [weatherTool], tool_choice: 'required' }],
  [
    'tool results',
    {
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp_c":18}' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '{"temp_c":24}' }] },
      ],
    },
  ],
  [
    'legacy functions and function messages',
    {
      functions: [{ name: 'lookup', parameters: { type: 'object', properties: {} } }],
      function_call: { name: 'lookup' },
      messages: [
        { role: 'user', content: 'Look it up' },
        { role: 'assistant', function_call: { name: 'lookup', arguments: '{}' } },
        { role: 'function', name: 'lookup', content: 'found' },
      ],
    },
  ],
  ['response_format json_object', { response_format: { type: 'json_object' } }],
  [
    'response_format json_schema',
    {
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'city', strict: true, schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } },
      },
    },
  ],
  ['a stop string', { stop: 'END' }],
  ['stop strings', { stop: ['\n\n', 'User:'] }],
  [
    'an image by URL and one inline',
    {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'low' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
    },
  ],
  ['logprobs and top_logprobs', { logprobs: true, top_logprobs: 5 }],
  ['n', { n: 3 }],
  ['seed', { seed: 1234 }],
  ['user and safety_identifier', { user: 'user-42', safety_identifier: 'hash-42' }],
  ['sampling parameters', { temperature: 0.2, top_p: 0.9, presence_penalty: 0.5, frequency_penalty: -0.5, logit_bias: { '50256': -100 } }],
  ['token limits', { max_tokens: 100, max_completion_tokens: 200 }],
  ['metadata, store and service_tier', { metadata: { team: 'search' }, store: true, service_tier: 'flex' }],
  ['reasoning_effort and verbosity', { reasoning_effort: 'low', verbosity: 'high' }],
  ['prediction and prompt caching', { prediction: { type: 'content', content: 'draft' }, prompt_cache_key: 'k1' }],
];

describe('buildChatRequest', () => {
  describe.each([
    ['streamed', true],
    ['not streamed', false],
  ])('%s', (_mode, stream) => {
    it.each(passedThrough)('passes through %s', (_name, params) => {
      const body = { ...base, ...params };
      const result = buildChatRequest(body, 'gpt-4o-mini-2024-07-18', stream);
      const expected: Record<string, unknown> = { ...body, model: 'gpt-4o-mini-2024-07-18', stream };
      if (stream) expected['stream_options'] = { include_usage: true };
      expect(result).toEqual({ ok: true, request: { path: '/chat/completions', headers: {}, body: expected }, dropped: [] });
    });
  });

  it.each<[string, Partial<ChatCompletionRequest>, boolean, Record<string, unknown>]>([
    ['streaming asks for usage', {}, true, { stream: true, stream_options: { include_usage: true } }],
    ['streaming forces include_usage on', { stream: true, stream_options: { include_usage: false } }, true, { stream: true, stream_options: { include_usage: true } }],
    [
      "streaming keeps the client's other stream options",
      { stream: true, stream_options: { include_obfuscation: false } },
      true,
      { stream: true, stream_options: { include_obfuscation: false, include_usage: true } },
    ],
    ['a streamed request sent unstreamed loses stream_options', { stream: true, stream_options: { include_usage: true } }, false, { stream: false }],
    ['an unstreamed request sent streamed', { stream: false }, true, { stream: true, stream_options: { include_usage: true } }],
  ])('%s', (_name, params, stream, expected) => {
    const result = buildChatRequest({ ...base, ...params }, 'gpt-4o-mini', stream);
    if (!result.ok) throw new Error('refused');
    const streaming = Object.entries(result.request.body).filter(([key]) => key.startsWith('stream'));
    expect(Object.fromEntries(streaming)).toStrictEqual(expected);
  });

  it.each([
    ['an OpenAI name', 'gpt-4o-mini-2024-07-18'],
    ['a Groq name', 'llama-3.3-70b-versatile'],
    ['a Hugging Face path (vLLM, Together)', 'meta-llama/Llama-3.1-8B-Instruct'],
  ])('replaces the model with %s', (_name, upstreamModel) => {
    const result = buildChatRequest({ ...base, model: 'smart' }, upstreamModel, false);
    expect(result.ok && result.request.body['model']).toBe(upstreamModel);
  });

  it('leaves out the assistant messages’ thinking blocks (Anthropic’s), with a warning', () => {
    const messages: ChatCompletionRequest['messages'] = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello', thinking_blocks: [{ type: 'thinking', thinking: 'T', signature: 'S' }] },
      { role: 'user', content: 'Again' },
    ];
    const built = buildChatRequest({ ...base, messages }, 'gpt-4o-mini', false);
    if (!built.ok) throw new Error('not built');
    expect(JSON.parse(JSON.stringify(built.request.body)).messages).toEqual([messages[0], { role: 'assistant', content: 'Hello' }, messages[2]]);
    expect(built.dropped).toEqual(['messages[].thinking_blocks']);
  });

  it('leaves the client’s request untouched', () => {
    const body: ChatCompletionRequest = { ...base, stream: true, stream_options: { include_usage: false } };
    const copy = structuredClone(body);
    buildChatRequest(body, 'gpt-4o-mini', true);
    expect(body).toEqual(copy);
  });
});

describe('buildCompletionRequest', () => {
  const prompt: CompletionRequest = { model: 'instruct', prompt: ['Say this', 'Say that'] };

  it.each<[string, Partial<CompletionRequest>]>([
    ['echo, suffix and best_of', { echo: true, suffix: '.', best_of: 3, n: 2 }],
    ['legacy logprobs', { logprobs: 5 }],
    ['sampling parameters', { temperature: 0.2, top_p: 0.9, presence_penalty: 0.5, frequency_penalty: -0.5, logit_bias: { '50256': -100 }, seed: 7 }],
    ['max_tokens, stop and user', { max_tokens: 32, stop: ['\n'], user: 'u-1' }],
    ['token-id prompts', { prompt: [[1, 2, 3], [4]] }],
  ])('passes through %s to POST /completions with the upstream model', (_name, params) => {
    const body = { ...prompt, ...params };
    expect(buildCompletionRequest(body, 'gpt-3.5-turbo-instruct', false)).toEqual({
      ok: true,
      request: { path: '/completions', headers: {}, body: { ...body, model: 'gpt-3.5-turbo-instruct', stream: false } },
      dropped: [],
    });
  });

  it.each<[string, Partial<CompletionRequest>, boolean, Record<string, unknown>]>([
    ['streaming asks for usage', {}, true, { stream: true, stream_options: { include_usage: true } }],
    ['streaming forces include_usage on', { stream: true, stream_options: { include_usage: false } }, true, { stream: true, stream_options: { include_usage: true } }],
    ['an unstreamed call loses stream_options', { stream: true, stream_options: { include_usage: true } }, false, { stream: false }],
  ])('%s', (_name, params, stream, expected) => {
    const result = buildCompletionRequest({ ...prompt, ...params }, 'gpt-3.5-turbo-instruct', stream);
    if (!result.ok) throw new Error('refused');
    expect(Object.fromEntries(Object.entries(result.request.body).filter(([key]) => key.startsWith('stream')))).toStrictEqual(expected);
  });
});

describe('buildEmbeddingRequest', () => {
  it.each<[string, Partial<EmbeddingRequest>, EmbeddingEncoding]>([
    ['a string, floats asked', { input: 'hello' }, 'float'],
    ['strings, base64 asked by the client, floats upstream', { input: ['a', 'b'], encoding_format: 'base64' }, 'float'],
    ['token ids, floats asked by the client, base64 upstream', { input: [[1, 2], [3]], encoding_format: 'float' }, 'base64'],
    ['dimensions and user', { input: 'x', dimensions: 256, user: 'u-1' }, 'float'],
  ])('%s → POST /embeddings', (_name, params, encoding) => {
    const body: EmbeddingRequest = { model: 'small', input: 'x', ...params };
    expect(buildEmbeddingRequest(body, 'text-embedding-3-small', encoding)).toEqual({
      ok: true,
      request: { path: '/embeddings', headers: {}, body: { ...body, model: 'text-embedding-3-small', encoding_format: encoding } },
      dropped: [],
    });
  });
});
