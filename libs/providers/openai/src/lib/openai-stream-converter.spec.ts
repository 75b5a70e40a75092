import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { StreamPart } from '@switchyard/contracts';
import { parseSse, SseParser, type SseEvent } from '@switchyard/sse';
import { OpenAIStreamConverter } from './openai-stream-converter';

function fixture(name: string): Buffer {
  return readFileSync(join(__dirname, '__fixtures__', name));
}

/** What a stream converter produced: every part, then whether it saw `[DONE]`. */
interface Replay {
  parts: StreamPart[];
  done: boolean;
}

function replay(events: SseEvent[]): Replay {
  const converter = new OpenAIStreamConverter('openai');
  const parts = events.flatMap((event) => converter.push(event));
  parts.push(...converter.end());
  return { parts, done: converter.done };
}

/** Feeds the body as two network reads split at byte `at`, decoded as a worker decodes them. */
function replaySplit(body: Buffer, at: number): Replay {
  const decoder = new TextDecoder('utf-8');
  const parser = new SseParser();
  const events = [
    ...parser.push(decoder.decode(body.subarray(0, at), { stream: true })),
    ...parser.push(decoder.decode(body.subarray(at), { stream: true })),
    ...parser.push(decoder.decode()),
    ...parser.end(),
  ];
  return replay(events);
}

const text = (index: number, value: string): StreamPart => ({ type: 'delta', index, text: value });
const finish = (index: number, reason: 'stop' | 'tool_calls'): StreamPart => ({ type: 'finish', index, reason });
const args = (index: number, value: string): StreamPart => ({ type: 'delta', index: 0, text: '', toolCalls: [{ index, arguments: value }] });
const openAIUsage = (promptTokens: number, completionTokens: number): StreamPart => ({
  type: 'usage',
  promptTokens,
  completionTokens,
  cachedPromptTokens: 0,
  reasoningTokens: 0,
});

const FIXTURES: [string, Replay][] = [
  [
    'plain-text.chunks.txt',
    {
      parts: [text(0, 'Bonjour'), text(0, ' !'), text(0, ' Ça'), text(0, ' va'), text(0, ' ?'), text(0, ' 😊'), finish(0, 'stop'), openAIUsage(13, 7)],
      done: true,
    },
  ],
  [
    'parallel-tool-calls.chunks.txt',
    {
      parts: [
        { type: 'delta', index: 0, text: '', toolCalls: [{ index: 0, id: 'call_8Jq2tYp0uVnR4mXa1bC3dE5f', name: 'get_weather', arguments: '' }] },
        args(0, '{"ci'),
        args(0, 'ty": '),
        args(0, '"Paris'),
        args(0, '", "un'),
        args(0, 'it": "c'),
        args(0, '"}'),
        { type: 'delta', index: 0, text: '', toolCalls: [{ index: 1, id: 'call_Qw7Er9Ty1Ui3Op5As7Df9Gh', name: 'get_weather', arguments: '' }] },
        args(1, '{"ci'),
        args(1, 'ty": '),
        args(1, '"Rome'),
        args(1, '", "un'),
        args(1, 'it": "c'),
        args(1, '"}'),
        finish(0, 'tool_calls'),
        openAIUsage(82, 58),
      ],
      done: true,
    },
  ],
  [
    'cut-off.chunks.txt',
    {
      parts: [
        text(0, 'Once'),
        text(0, ' upon'),
        text(0, ' a'),
        { type: 'error', code: 'upstream_error', message: 'openai ended the stream before [DONE].', param: null, retryable: false },
      ],
      done: false,
    },
  ],
  [
    'error-object.chunks.txt',
    {
      parts: [
        text(0, 'The'),
        text(0, ' answer'),
        { type: 'error', code: 'upstream_error', message: 'openai reported an error: the provider reported an error (server_error).', param: null, retryable: false },
      ],
      done: false,
    },
  ],
  [
    'two-choices.chunks.txt',
    {
      parts: [
        text(0, 'Red'),
        text(1, 'Blue'),
        text(0, ' is'),
        text(1, ' is'),
        text(1, ' calm'),
        text(0, ' warm'),
        text(1, '.'),
        text(0, '.'),
        finish(1, 'stop'),
        finish(0, 'stop'),
        openAIUsage(15, 8),
      ],
      done: true,
    },
  ],
  [
    'ollama-text.chunks.txt',
    {
      parts: [text(0, 'Hi'), text(0, ' there'), text(0, '!'), finish(0, 'stop'), { type: 'usage', promptTokens: 26, completionTokens: 4 }],
      done: true,
    },
  ],
];

describe('OpenAIStreamConverter', () => {
  describe('replaying recorded streams', () => {
    it.each(FIXTURES)('%s', (name, expected) => {
      expect(replay(parseSse(fixture(name).toString('utf8')))).toEqual(expected);
    });

    it.each(FIXTURES)('%s gives the same parts split at every byte', (name, expected) => {
      const body = fixture(name);
      const mismatches: number[] = [];
      for (let at = 0; at <= body.length; at++) {
        if (!isDeepStrictEqual(replaySplit(body, at), expected)) mismatches.push(at);
      }
      if (mismatches.length > 0) expect(replaySplit(body, mismatches[0] ?? 0)).toEqual(expected);
      expect(mismatches).toEqual([]);
    });
  });

  const event = (data: string): SseEvent => ({ event: 'message', data });

  it.each<[string, string[], StreamPart[], boolean]>([
    ['[DONE] alone', ['[DONE]'], [], true],
    ['events after [DONE] ignored', ['[DONE]', '{"choices":[{"index":0,"delta":{"content":"late"}}]}'], [], true],
    ['an empty data line ignored', ['', '{"choices":[{"index":0,"delta":{"content":"a"}}]}', '[DONE]'], [text(0, 'a')], true],
    [
      'a chunk that is not JSON',
      ['{"choices":[{"index":0,"delta":{"content":"a"}}]}', '{"choices":[{"ind'],
      [text(0, 'a'), { type: 'error', code: 'upstream_error', message: 'openai sent a stream event that is not JSON.', param: null, retryable: false }],
      false,
    ],
    [
      'JSON that is no chunk',
      ['{"choices":[{"delta":{"content":"a"}}]}'],
      [{ type: 'error', code: 'upstream_error', message: expect.stringMatching(/^openai sent a malformed stream chunk \(choices\.0\.index: /), param: null, retryable: false }],
      false,
    ],
    ['nothing after an error', ['not json', '{"choices":[{"index":0,"delta":{"content":"a"}}]}', '[DONE]'], [expect.objectContaining({ type: 'error' })], false],
    [
      'an error before any output stays retryable',
      ['{"error":{"message":"Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM).","type":"tokens","param":null,"code":"rate_limit_exceeded"}}'],
      [
        {
          type: 'error',
          code: 'rate_limit_exceeded',
          message: 'openai reported an error: Rate limit reached for gpt-4o in organization org-abc on tokens per min (TPM).',
          param: null,
          retryable: true,
        },
      ],
      false,
    ],
    [
      "vLLM's flat error object",
      ['{"object":"error","message":"This model\'s maximum context length is 8192 tokens.","type":"BadRequestError","param":null,"code":400}'],
      [{ type: 'error', code: 'invalid_request', message: "openai reported an error: This model's maximum context length is 8192 tokens.", param: null, retryable: false }],
      false,
    ],
    ['no parts owed after [DONE]', ['{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}', '[DONE]'], [finish(0, 'stop')], true],
  ])('%s', (_name, data, expected, done) => {
    expect(replay(data.map(event))).toEqual({ parts: expected, done });
  });

  it('names the provider it was created for', () => {
    const converter = new OpenAIStreamConverter('together');
    expect(converter.end()).toEqual([expect.objectContaining({ message: 'together ended the stream before [DONE].' })]);
  });
});
