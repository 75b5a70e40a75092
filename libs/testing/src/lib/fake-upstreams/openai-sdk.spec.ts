import OpenAI, { AuthenticationError, InternalServerError, RateLimitError } from 'openai';
import { startFakeOpenAI } from './openai';
import type { FakeUpstream } from './types';

/** The official client is the judge of "looks like the real API". */
describe('startFakeOpenAI with the official openai client', () => {
  const KEY = 'sk-fake-upstream-key';
  let upstream: FakeUpstream;
  let client: OpenAI;
  const messages = [{ role: 'user' as const, content: 'hello world' }];

  beforeEach(async () => {
    upstream = await startFakeOpenAI({ apiKey: KEY });
    client = new OpenAI({ apiKey: KEY, baseURL: upstream.url, maxRetries: 0 });
  });
  afterEach(() => upstream.close());

  it('streams content and the usage chunk', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('Echo: hello world');
    expect(usage).toMatchObject({ prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 });
  });

  it('accumulates a streamed tool call', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }];
    const completion = await client.chat.completions.stream({ model: 'tool-model', messages, tools }).finalChatCompletion();
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.choices[0].message.tool_calls).toEqual([
      { id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
    ]);
  });

  it('maps errors to the SDK error classes and retries after retry-after-ms', async () => {
    await expect(client.chat.completions.create({ model: 'rate-limited', messages })).rejects.toBeInstanceOf(RateLimitError);
    await expect(new OpenAI({ apiKey: 'sk-test-key', baseURL: upstream.url }).models.list()).rejects.toBeInstanceOf(AuthenticationError);
    await expect(client.chat.completions.create({ model: 'server-error', messages })).rejects.toBeInstanceOf(InternalServerError);
    const retrying = new OpenAI({ apiKey: KEY, baseURL: upstream.url, maxRetries: 2 });
    await expect(retrying.chat.completions.create({ model: 'rate-limited', messages })).rejects.toMatchObject({ status: 429, requestID: expect.stringMatching(/^req_/) });
    expect(upstream.hits('rate-limited')).toBe(4);
  });

  it('reports a stream error event and a cut stream as failures', async () => {
    const read = async (model: string): Promise<string> => {
      let text = '';
      for await (const chunk of await client.chat.completions.create({ model, messages, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
      return text;
    };
    await expect(read('error-mid-stream')).rejects.toThrow('The server had an error while processing your request');
    await expect(read('dies-mid-stream')).rejects.toThrow();
    client = new OpenAI({ apiKey: KEY, baseURL: upstream.url, maxRetries: 0, logLevel: 'off' });
    await expect(read('malformed')).rejects.toThrow(/JSON/);
  });
});
