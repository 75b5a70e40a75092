import type { ErrorPart, StreamPart } from '@switchyard/contracts';
import type { ChatCompletionChunk } from '@switchyard/openai';
import { openAISchemaValidator } from '@switchyard/testing';
import { ChunkEncoder } from './chunk-encoder';

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

/** The JSON an SSE event carries, checking it is one `data:` line and a blank line. */
function dataOf(event: string): unknown {
  expect(event).toMatch(/^data: [^\n]*\n\n$/);
  return JSON.parse(event.slice('data: '.length, -2));
}

/** Encodes parts as a client would receive them: one JSON value per event, silent parts dropped. */
function encodeAll(parts: StreamPart[], includeUsage: boolean): unknown[] {
  const encoder = new ChunkEncoder(ID, CREATED, 'auto', includeUsage);
  return parts.map((part) => encoder.encode(part)).filter((event) => event !== '').map(dataOf);
}

const chunk = (choices: ChatCompletionChunk['choices'], extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk => ({
  id: ID,
  object: 'chat.completion.chunk',
  created: CREATED,
  model: SELECTED,
  choices,
  ...extra,
});

describe('ChunkEncoder', () => {
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

  it('carries the model from the start part, not the one requested, on every chunk', () => {
    const models = encodeAll(story, true).map((c) => (c as ChatCompletionChunk).model);
    expect(new Set(models)).toEqual(new Set([SELECTED]));
  });

  it('sends the role chunk once even if a second start arrives', () => {
    const encoder = new ChunkEncoder(ID, CREATED, 'auto', false);
    expect(encoder.encode(start)).not.toBe('');
    expect(encoder.encode({ ...start, model: 'other' })).toBe('');
    expect((dataOf(encoder.encode({ type: 'delta', index: 0, text: 'x' })) as ChatCompletionChunk).model).toBe(SELECTED);
  });

  it.each<[string, StreamPart, boolean]>([
    ['an empty delta', { type: 'delta', index: 0, text: '' }, false],
    ['usage when not asked for', { type: 'usage', promptTokens: 1, completionTokens: 1 }, false],
  ])('sends nothing for %s', (_name, part, includeUsage) => {
    expect(new ChunkEncoder(ID, CREATED, 'auto', includeUsage).encode(part)).toBe('');
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

  it('sends an error as an OpenAI error event', () => {
    const error: ErrorPart = { type: 'error', code: 'backend_busy', message: 'All sequences are busy.', param: null, retryable: true };
    expect(new ChunkEncoder(ID, CREATED, 'auto', true).encode(error)).toBe(
      'data: {"error":{"message":"All sequences are busy.","type":"service_unavailable","param":null,"code":"backend_busy"}}\n\n',
    );
  });

  it.each<[ErrorPart['code'], string | null, string, string | null]>([
    ['model_not_found', 'model', 'invalid_request_error', 'model_not_found'],
    ['invalid_request', 'messages[0].content', 'invalid_request_error', null],
    ['context_length_exceeded', 'messages', 'invalid_request_error', 'context_length_exceeded'],
    ['backend_busy', null, 'service_unavailable', 'backend_busy'],
    ['service_unavailable', null, 'service_unavailable', 'service_unavailable'],
    ['timeout', null, 'server_error', 'timeout'],
    ['upstream_error', null, 'server_error', 'upstream_error'],
    ['internal_error', null, 'server_error', 'server_error'],
  ])('sends a %s error with its type and code, valid as an ErrorResponse', (code, param, type, wireCode) => {
    const event = new ChunkEncoder(ID, CREATED, 'auto', false).encode({ type: 'error', code, message: 'It failed.', param, retryable: false });
    const body = dataOf(event);
    expect(body).toEqual({ error: { message: 'It failed.', type, param, code: wireCode } });
    expect(spec.validate('ErrorResponse', body)).toEqual({ valid: true, errors: [] });
  });
});
