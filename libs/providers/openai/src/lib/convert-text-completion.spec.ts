import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StreamPart } from '@switchyard/contracts';
import { SseParser } from '@switchyard/sse';
import { convertTextChunk, convertTextCompletion } from './convert-text-completion';
import { OpenAIStreamConverter, readTextChunk } from './openai-stream-converter';

/** What the converter made of a fixture fed as two network reads split at byte `at`: every part, then whether it saw `[DONE]`. */
function replay(name: string, at: number): { parts: StreamPart[]; done: boolean } {
  const body = readFileSync(join(__dirname, '__fixtures__', name));
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const converter = new OpenAIStreamConverter('openai', readTextChunk);
  const events = [...parser.push(decoder.decode(body.subarray(0, at), { stream: true })), ...parser.push(decoder.decode(body.subarray(at))), ...parser.end()];
  const parts = events.flatMap((event) => converter.push(event));
  return { parts: [...parts, ...converter.end()], done: converter.done };
}

const text = (index: number, value: string): StreamPart => ({ type: 'delta', index, text: value });
const finish = (index: number, reason: 'stop' | 'length'): StreamPart => ({ type: 'finish', index, reason });
const usage = (promptTokens: number, completionTokens: number): StreamPart => ({ type: 'usage', promptTokens, completionTokens });
const bytes = (token: string): number[] => Array.from(Buffer.from(token, 'utf8'));
/** A delta of one token with its log probability and alternatives. */
function scored(token: string, logprob: number, top: Record<string, number>): StreamPart {
  const topLogprobs = Object.entries(top).map(([alternative, value]) => ({ token: alternative, logprob: value, bytes: bytes(alternative) }));
  return { type: 'delta', index: 0, text: token, logprobs: [{ token, logprob, bytes: bytes(token), top_logprobs: topLogprobs }] };
}

describe('streamed text completions (recorded fixtures)', () => {
  it.each<[string, StreamPart[], boolean]>([
    ['text-completion.chunks.txt', [text(0, '\n\n'), text(0, 'This'), text(0, ' is'), text(0, ' a'), text(0, ' test'), text(0, '.'), finish(0, 'stop'), usage(5, 6)], true],
    [
      'text-completion-logprobs.chunks.txt',
      [
        scored(' France', -0.0123, { ' France': -0.0123, ' the': -4.61 }),
        scored('.', -0.3051, { '.': -0.3051, ',': -1.5528 }),
        scored(' It', -1.2043, { ' It': -1.2043, '\n\n': -1.3317 }),
        finish(0, 'length'),
        usage(5, 3),
      ],
      true,
    ],
    [
      'text-completion-two-prompts.chunks.txt',
      [text(0, ' red'), text(1, ' blue'), text(0, ' apple'), text(1, ' sky'), finish(1, 'stop'), finish(0, 'length'), usage(8, 4)],
      true,
    ],
    [
      'vllm-echo-logprobs.chunks.txt',
      [
        {
          type: 'delta',
          index: 0,
          text: 'The sky',
          logprobs: [
            { token: 'The', logprob: 0, bytes: bytes('The'), top_logprobs: [] },
            { token: ' sky', logprob: -7.8125, bytes: bytes(' sky'), top_logprobs: [{ token: ' sky', logprob: -7.8125, bytes: bytes(' sky') }, { token: ' first', logprob: -2.9375, bytes: bytes(' first') }] },
          ],
        },
        scored(' is', -0.8984, { ' is': -0.8984 }),
        scored(' blue', -1.0547, { ' blue': -1.0547 }),
        finish(0, 'length'),
        usage(2, 2),
      ],
      true,
    ],
    [
      'text-completion-cut-off.chunks.txt',
      [text(0, 'Once'), text(0, ' upon'), text(0, ' a'), { type: 'error', code: 'upstream_error', message: 'openai ended the stream before [DONE].', param: null, retryable: false }],
      false,
    ],
  ])('%s', (name, parts, done) => {
    const size = readFileSync(join(__dirname, '__fixtures__', name)).length;
    for (const at of [0, 1, Math.floor(size / 3), Math.floor(size / 2), size - 3, size]) expect(replay(name, at)).toEqual({ parts, done });
  });
});

describe('convertTextChunk', () => {
  it.each<[string, Parameters<typeof convertTextChunk>[0], StreamPart[]]>([
    ['text and finish in one chunk', { choices: [{ index: 0, text: 'end', finish_reason: 'stop' }] }, [text(0, 'end'), finish(0, 'stop')]],
    ['an empty fragment carries nothing', { choices: [{ index: 2, text: '', finish_reason: null }] }, []],
    ["vLLM's extra fields are ignored", { choices: [{ index: 0, text: 'x', finish_reason: null }] }, [text(0, 'x')]],
    ['a finish reason a server made up ends the choice as stop', { choices: [{ index: 0, text: '', finish_reason: 'eos' }] }, [finish(0, 'stop')]],
    ['usage without choices', { choices: [], usage: { prompt_tokens: 3, completion_tokens: 4 } }, [usage(3, 4)]],
  ])('%s', (_name, chunk, expected) => {
    expect(convertTextChunk(chunk)).toEqual(expected);
  });
});

describe('convertTextCompletion', () => {
  const completion = (choices: unknown[], extra: object = { usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } }) => ({
    id: 'cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7',
    object: 'text_completion',
    created: 1589478378,
    model: 'gpt-3.5-turbo-instruct',
    choices,
    ...extra,
  });

  it.each<[string, unknown, StreamPart[]]>([
    [
      'one choice',
      completion([{ text: '\n\nThis is indeed a test', index: 0, logprobs: null, finish_reason: 'length' }]),
      [text(0, '\n\nThis is indeed a test'), finish(0, 'length'), usage(5, 7)],
    ],
    [
      'n=2: every choice, each finished',
      completion([
        { text: ' red', index: 0, logprobs: null, finish_reason: 'stop' },
        { text: ' blue', index: 1, logprobs: null, finish_reason: 'length' },
      ]),
      [text(0, ' red'), finish(0, 'stop'), text(1, ' blue'), finish(1, 'length'), usage(5, 7)],
    ],
    ['an empty text still gives the choice its delta', completion([{ text: '', index: 0, logprobs: null, finish_reason: 'stop' }], {}), [text(0, ''), finish(0, 'stop')]],
    [
      'legacy logprobs',
      completion([{ text: ' France', index: 0, logprobs: { tokens: [' France'], token_logprobs: [-0.0123], top_logprobs: [{ ' France': -0.0123 }], text_offset: [23] }, finish_reason: 'length' }], {}),
      [scored(' France', -0.0123, { ' France': -0.0123 }), finish(0, 'length')],
    ],
    [
      'an error object answered with 200',
      { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } },
      [expect.objectContaining({ type: 'error', code: 'upstream_error', retryable: true })],
    ],
    [
      'a chat completion where a text completion was expected',
      { object: 'chat.completion', choices: [{ index: 0, message: { content: 'hi' }, finish_reason: 'stop' }] },
      [expect.objectContaining({ type: 'error', code: 'upstream_error', retryable: true })],
    ],
    [
      'no choices',
      completion([]),
      [{ type: 'error', code: 'upstream_error', message: expect.stringMatching(/^openai sent a malformed response \(choices: /), param: null, retryable: true }],
    ],
  ])('%s', (_name, json, expected) => {
    expect(convertTextCompletion('openai', json)).toEqual(expected);
  });
});
