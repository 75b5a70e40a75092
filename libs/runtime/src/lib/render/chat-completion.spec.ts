import type { ErrorPart, FinishPart, StreamPart } from '@switchyard/contracts';
import { toHttpError } from '@switchyard/openai';
import { openAISchemaValidator } from '@switchyard/testing';
import { ChatCompletionAccumulator, type AccumulatedResult } from './chat-completion';

const ID = 'chatcmpl-AbCdEfGhIjKlMnOpQrStUvWx';
const CREATED = 1_700_000_000;
const start: StreamPart = { type: 'start', backend: 'local:stories260k', model: 'auto (selected: local:stories260k)', workerId: 'w1' };

function accumulate(parts: StreamPart[]): AccumulatedResult {
  const accumulator = new ChatCompletionAccumulator(ID, CREATED);
  for (const part of parts) accumulator.add(part);
  return accumulator.result();
}

const upstreamError: ErrorPart = {
  type: 'error',
  code: 'upstream_error',
  message: 'The backend ended the response before it finished.',
  param: null,
  retryable: false,
};

describe('CompletionAccumulator', () => {
  const spec = openAISchemaValidator();

  it('gathers a stream into one chat.completion', () => {
    const result = accumulate([
      start,
      { type: 'delta', index: 0, text: 'Once' },
      { type: 'delta', index: 0, text: ' upon' },
      { type: 'delta', index: 0, text: '\na time' },
      { type: 'finish', index: 0, reason: 'stop' },
      { type: 'usage', promptTokens: 12, completionTokens: 4 },
    ]);
    expect(result).toEqual({
      ok: true,
      body: {
        id: ID,
        object: 'chat.completion',
        created: CREATED,
        model: 'auto (selected: local:stories260k)',
        choices: [
          { index: 0, message: { role: 'assistant', content: 'Once upon\na time', refusal: null }, logprobs: null, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: 12, completion_tokens: 4, total_tokens: 16 },
      },
    });
    if (result.ok) expect(spec.validate('CreateChatCompletionResponse', result.body)).toEqual({ valid: true, errors: [] });
  });

  it.each<FinishPart['reason']>(['stop', 'length', 'tool_calls', 'content_filter'])('reports finish reason %s', (reason) => {
    const result = accumulate([start, { type: 'delta', index: 0, text: 'x' }, { type: 'finish', index: 0, reason }]);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.body.choices[0].finish_reason).toBe(reason);
    expect(spec.validate('CreateChatCompletionResponse', result.body).errors).toEqual([]);
  });

  it('accepts a choice that finished without text', () => {
    const result = accumulate([start, { type: 'finish', index: 0, reason: 'stop' }]);
    expect(result.ok && result.body.choices[0].message.content).toBe('');
  });

  it('keeps interleaved choices apart and lists them by index', () => {
    const result = accumulate([
      start,
      { type: 'delta', index: 1, text: 'B1' },
      { type: 'delta', index: 0, text: 'A1' },
      { type: 'delta', index: 1, text: 'B2' },
      { type: 'finish', index: 1, reason: 'length' },
      { type: 'delta', index: 0, text: 'A2' },
      { type: 'finish', index: 0, reason: 'stop' },
    ]);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.body.choices.map((c) => [c.index, c.message.content, c.finish_reason])).toEqual([
      [0, 'A1A2', 'stop'],
      [1, 'B1B2', 'length'],
    ]);
    expect(spec.validate('CreateChatCompletionResponse', result.body).errors).toEqual([]);
  });

  it('reports the error part that ended the stream, even after some text', () => {
    const busy: ErrorPart = { type: 'error', code: 'backend_busy', message: 'All sequences are busy.', param: null, retryable: true };
    expect(accumulate([start, { type: 'delta', index: 0, text: 'Once' }, busy])).toEqual({ ok: false, error: busy });
  });

  it('reports an error that arrives before anything else', () => {
    const missing: ErrorPart = { type: 'error', code: 'model_not_found', message: 'No such model.', param: 'model', retryable: false };
    const result = accumulate([missing]);
    expect(result).toEqual({ ok: false, error: missing });
    if (!result.ok) {
      const body = toHttpError(result.error.code, result.error.message, result.error.param).body;
      expect(spec.validate('ErrorResponse', body)).toEqual({ valid: true, errors: [] });
    }
  });

  it.each<[string, StreamPart[]]>([
    ['nothing at all', []],
    ['only the start', [start]],
    ['text but no finish', [start, { type: 'delta', index: 0, text: 'Once' }]],
    ['one of two choices unfinished', [start, { type: 'finish', index: 0, reason: 'stop' }, { type: 'delta', index: 1, text: 'B' }]],
    ['a finish without a start', [{ type: 'delta', index: 0, text: 'x' }, { type: 'finish', index: 0, reason: 'stop' }]],
  ])('calls a stream that ended early an upstream error: %s', (_name, parts) => {
    expect(accumulate(parts)).toEqual({ ok: false, error: upstreamError });
  });
});
