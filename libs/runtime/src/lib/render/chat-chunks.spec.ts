import type { StreamPart } from '@switchyard/contracts';
import type { ChatCompletionChunk } from '@switchyard/openai';
import { openAISchemaValidator } from '@switchyard/testing';
import { ChatChunkRenderer } from './chat-chunks';

const ID = 'chatcmpl-AbCdEfGhIjKlMnOpQrStUvWx';
const CREATED = 1_700_000_000;
const SELECTED = 'auto (selected: local:stories260k)';

const start: StreamPart = { type: 'start', backend: 'local:stories260k', model: SELECTED, workerId: 'w1' };
const story: StreamPart[] = [
  start,
  { type: 'delta', index: 0, text: 'Once' },
  { type: 'delta', index: 0, text: '' },
  { type: 'delta', index: 0, text: ' upon\na time' },
  { type: 'finish', index: 0, reason: 'length' },
  { type: 'usage', promptTokens: 12, completionTokens: 3 },
];

/** Renders parts as a client would receive them: one JSON value per chunk, silent parts dropped. */
function encodeAll(parts: StreamPart[], includeUsage: boolean): unknown[] {
  const renderer = new ChatChunkRenderer(ID, CREATED, includeUsage);
  return parts.map((part) => renderer.render(part)).filter((json) => json !== undefined).map((json) => JSON.parse(json) as unknown);
}

const chunk = (choices: ChatCompletionChunk['choices'], extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk => ({
  id: ID,
  object: 'chat.completion.chunk',
  created: CREATED,
  model: SELECTED,
  choices,
  ...extra,
});

describe('ChatChunkRenderer', () => {
  const spec = openAISchemaValidator();

  it('streams a role chunk, the content, and a finish chunk, without usage unless asked', () => {
    expect(encodeAll(story, false)).toEqual([
      chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]),
      chunk([{ index: 0, delta: { content: 'Once' }, logprobs: null, finish_reason: null }]),
      chunk([{ index: 0, delta: { content: ' upon\na time' }, logprobs: null, finish_reason: null }]),
      chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'length' }]),
    ]);
  });

  it('with include_usage, ends with a usage chunk and sends "usage": null on every other chunk', () => {
    expect(encodeAll(story, true)).toEqual([
      chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], { usage: null }),
      chunk([{ index: 0, delta: { content: 'Once' }, logprobs: null, finish_reason: null }], { usage: null }),
      chunk([{ index: 0, delta: { content: ' upon\na time' }, logprobs: null, finish_reason: null }], { usage: null }),
      chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'length' }], { usage: null }),
      chunk([], { usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } }),
    ]);
  });

  it.each([
    ['without usage', false],
    ['with usage', true],
  ])('produces chunks that match the OpenAI spec for CreateChatCompletionStreamResponse (%s)', (_name, includeUsage) => {
    const chunks = encodeAll(story, includeUsage);
    expect(chunks.map((c) => spec.validate('CreateChatCompletionStreamResponse', c).errors)).toEqual(chunks.map(() => []));
  });

  it('renders OpenAI’s key order, and escapes the id and the model label', () => {
    const renderer = new ChatChunkRenderer('chatcmpl-"x"', CREATED, true);
    renderer.render({ ...start, model: 'a "quoted" \\ label' });
    expect(renderer.render({ type: 'delta', index: 0, text: 'Once' })).toBe(
      '{"id":"chatcmpl-\\"x\\"","object":"chat.completion.chunk","created":1700000000,"model":"a \\"quoted\\" \\\\ label",' +
        '"choices":[{"index":0,"delta":{"content":"Once"},"logprobs":null,"finish_reason":null}],"usage":null}',
    );
    expect(renderer.render({ type: 'usage', promptTokens: 1, completionTokens: 2 })).toBe(
      '{"id":"chatcmpl-\\"x\\"","object":"chat.completion.chunk","created":1700000000,"model":"a \\"quoted\\" \\\\ label",' +
        '"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}',
    );
  });

  it('carries the model from the start part, not the one requested, on every chunk', () => {
    const models = encodeAll(story, true).map((c) => (c as ChatCompletionChunk).model);
    expect(new Set(models)).toEqual(new Set([SELECTED]));
  });

  it('sends the role chunk once even if a second start arrives', () => {
    const renderer = new ChatChunkRenderer(ID, CREATED, false);
    expect(renderer.render(start)).toBeDefined();
    expect(renderer.render({ ...start, model: 'other' })).toBeUndefined();
    expect((JSON.parse(renderer.render({ type: 'delta', index: 0, text: 'x' }) ?? '') as ChatCompletionChunk).model).toBe(SELECTED);
  });

  it.each<[string, StreamPart, boolean]>([
    ['an empty delta', { type: 'delta', index: 0, text: '' }, false],
    ['usage when not asked for', { type: 'usage', promptTokens: 1, completionTokens: 1 }, false],
    ['an error (the gateway answers errors)', { type: 'error', code: 'timeout', message: 'too slow', param: null, retryable: false }, true],
  ])('renders nothing for %s', (_name, part, includeUsage) => {
    expect(new ChatChunkRenderer(ID, CREATED, includeUsage).render(part)).toBeUndefined();
  });

  it('keeps the choice index of each delta and finish', () => {
    const [delta, finish] = encodeAll(
      [
        { type: 'delta', index: 1, text: 'B' },
        { type: 'finish', index: 1, reason: 'stop' },
      ],
      false,
    ) as ChatCompletionChunk[];
    expect(delta.choices).toEqual([{ index: 1, delta: { content: 'B' }, logprobs: null, finish_reason: null }]);
    expect(finish.choices).toEqual([{ index: 1, delta: {}, logprobs: null, finish_reason: 'stop' }]);
  });

  it('goes on where another backend broke: no role chunk, the first model label, seam whitespace dropped, prior usage added', () => {
    const renderer = new ChatChunkRenderer(ID, CREATED, true, { model: SELECTED, trimLeading: true, prior: { promptTokens: 12, completionTokens: 2 } });
    const resumed: StreamPart[] = [
      { type: 'start', backend: 'anthropic:claude', model: 'auto (selected: anthropic:claude)', workerId: 'w2' },
      { type: 'delta', index: 0, text: ' ' },
      { type: 'delta', index: 0, text: ' time' },
      { type: 'delta', index: 0, text: ' there' },
      { type: 'finish', index: 0, reason: 'stop' },
      { type: 'usage', promptTokens: 14, completionTokens: 2 },
    ];
    const chunks = resumed.map((part) => renderer.render(part)).filter((json) => json !== undefined).map((json) => JSON.parse(json) as ChatCompletionChunk);
    expect(chunks.map((c) => c.model)).toEqual([SELECTED, SELECTED, SELECTED, SELECTED]);
    expect(chunks.map((c) => c.choices[0]?.delta.content)).toEqual(['time', ' there', undefined, undefined]);
    expect(chunks.some((c) => c.choices[0]?.delta.role !== undefined)).toBe(false);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 26, completion_tokens: 4, total_tokens: 30 });
  });
});
