import type { TokenLogprob } from '@switchyard/openai';
import type { StreamPart } from '@switchyard/contracts';
import { openAISchemaValidator } from '@switchyard/testing';
import { TextChunkRenderer } from './text-chunks';
import { TextCompletionAccumulator } from './text-completion';

const token = (text: string, logprob: number, alternatives: Array<[string, number]> = []): TokenLogprob => ({
  token: text,
  logprob,
  bytes: [...Buffer.from(text)],
  top_logprobs: alternatives.map(([t, l]) => ({ token: t, logprob: l, bytes: [...Buffer.from(t)] })),
});

/** Two choices (n: 2); the first echoes its prompt and carries logprobs. */
const PARTS: StreamPart[] = [
  { type: 'start', backend: 'local:tiny', model: 'auto (selected: local:tiny)', workerId: 'w1' },
  { type: 'delta', index: 0, text: 'Once upon', logprobs: [token('Once', -0.5, [['Once', -0.5], ['The', -1.5]]), token(' upon', -0.1)] },
  { type: 'delta', index: 1, text: 'Hello' },
  { type: 'delta', index: 0, text: ' a', logprobs: [token(' a', -0.2)] },
  { type: 'finish', index: 1, reason: 'stop' },
  { type: 'finish', index: 0, reason: 'length' },
  { type: 'usage', promptTokens: 3, completionTokens: 4 },
];

describe('text completions', () => {
  const spec = openAISchemaValidator();

  it('gathers choices in index order with legacy logprobs and text offsets, valid against the spec', () => {
    const accumulator = new TextCompletionAccumulator('cmpl-1', 1_700_000_000);
    PARTS.forEach((part) => accumulator.add(part));
    const result = accumulator.result();
    if (!result.ok) throw new Error(result.error.message);
    expect(result.body).toEqual({
      id: 'cmpl-1',
      object: 'text_completion',
      created: 1_700_000_000,
      model: 'auto (selected: local:tiny)',
      choices: [
        {
          index: 0,
          text: 'Once upon a',
          logprobs: {
            tokens: ['Once', ' upon', ' a'],
            token_logprobs: [-0.5, -0.1, -0.2],
            top_logprobs: [{ Once: -0.5, The: -1.5 }, {}, {}],
            text_offset: [0, 4, 9],
          },
          finish_reason: 'length',
        },
        { index: 1, text: 'Hello', logprobs: null, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    });
    expect(spec.validate('CreateCompletionResponse', result.body).errors).toEqual([]);
  });

  it('reports a stream that ends before every choice finished as an upstream error', () => {
    const accumulator = new TextCompletionAccumulator('cmpl-1', 1);
    PARTS.slice(0, 4).forEach((part) => accumulator.add(part));
    expect(accumulator.result()).toEqual({ ok: false, error: expect.objectContaining({ code: 'upstream_error' }) });
  });

  it('streams text_completion chunks, a finish chunk per choice, then the usage chunk when asked', () => {
    const renderer = new TextChunkRenderer('cmpl-2', 1_700_000_000, true);
    const events = PARTS.map((part) => renderer.render(part)).filter((json) => json !== undefined);
    const chunks = events.map((json) => JSON.parse(json) as Record<string, unknown>);
    expect(chunks).toHaveLength(6);
    // The spec has no stream schema for text completions; chunks take CreateCompletionResponse's shape
    // except where OpenAI's own streams differ: `finish_reason` null until a choice ends, `usage` null
    // until the last chunk (with include_usage). Everything else must validate.
    const streamDeviation = /^\/(choices\/0\/finish_reason|usage) must be/;
    const errors = chunks.map((c) => spec.validate('CreateCompletionResponse', c).errors.filter((e) => !streamDeviation.test(e)));
    expect(errors).toEqual(chunks.map(() => []));
    expect(chunks.slice(0, 3).map((c) => (c['choices'] as Array<{ finish_reason: unknown }>)[0].finish_reason)).toEqual([null, null, null]);
    expect(chunks[0]).toEqual({
      id: 'cmpl-2',
      object: 'text_completion',
      created: 1_700_000_000,
      model: 'auto (selected: local:tiny)',
      choices: [
        {
          index: 0,
          text: 'Once upon',
          logprobs: { tokens: ['Once', ' upon'], token_logprobs: [-0.5, -0.1], top_logprobs: [{ Once: -0.5, The: -1.5 }, {}], text_offset: [0, 4] },
          finish_reason: null,
        },
      ],
      usage: null,
    });
    // The second fragment of choice 0 continues its offsets where the first ended.
    expect(chunks[2]).toMatchObject({ choices: [{ index: 0, text: ' a', logprobs: { text_offset: [9] } }] });
    expect(chunks[3]).toMatchObject({ choices: [{ index: 1, text: '', finish_reason: 'stop' }] });
    expect(chunks[5]).toEqual({
      id: 'cmpl-2',
      object: 'text_completion',
      created: 1_700_000_000,
      model: 'auto (selected: local:tiny)',
      choices: [],
      usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
    });
  });

  it('leaves usage out of chunks unless include_usage was asked for', () => {
    const renderer = new TextChunkRenderer('cmpl-3', 1, false);
    const events = PARTS.map((part) => renderer.render(part)).filter((json) => json !== undefined);
    expect(events).toHaveLength(5);
    expect(events.every((event) => !event.includes('"usage"'))).toBe(true);
  });
});
