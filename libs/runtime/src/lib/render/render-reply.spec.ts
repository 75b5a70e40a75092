import { decodeReplyPart, encodeRendered, roleOfPart, type StreamPart } from '@switchyard/contracts';
import { renderReply, type RenderedReply } from './render-reply';

const START: StreamPart = { type: 'start', backend: 'local:tiny', model: 'auto (selected: local:tiny)', workerId: 'w1' };
const USAGE: StreamPart = { type: 'usage', promptTokens: 3, completionTokens: 2 };
const STORY: StreamPart[] = [START, { type: 'delta', index: 0, text: 'Once' }, { type: 'delta', index: 0, text: ' upon' }, { type: 'finish', index: 0, reason: 'stop' }, USAGE];

async function render(spec: Parameters<typeof renderReply>[0], parts: StreamPart[], request?: Parameters<typeof renderReply>[2]): Promise<RenderedReply[]> {
  async function* source(): AsyncGenerator<StreamPart> {
    yield* parts;
  }
  const out: RenderedReply[] = [];
  for await (const reply of renderReply(spec, source(), request)) out.push(reply);
  return out;
}

/** Each reply as a short label: the part's type, or `rendered` with its output flag and the JSON's object. */
function labels(replies: RenderedReply[]): string[] {
  return replies.map((r) => (r.type === 'rendered' ? `rendered(${r.output ? 'output' : 'other'}) ${(JSON.parse(r.json) as { object: string }).object}` : r.type));
}

describe('renderReply', () => {
  it('streams the start part, a chunk per part, and the usage part after the usage chunk', async () => {
    const replies = await render({ format: 'chat.completion.chunk', id: 'chatcmpl-1', created: 1, includeUsage: true }, STORY);
    expect(labels(replies)).toEqual([
      'start',
      'rendered(other) chat.completion.chunk',
      'rendered(output) chat.completion.chunk',
      'rendered(output) chat.completion.chunk',
      'rendered(other) chat.completion.chunk',
      'rendered(other) chat.completion.chunk',
      'usage',
    ]);
    const chunks = replies.flatMap((r) => (r.type === 'rendered' ? [JSON.parse(r.json) as { id: string; model: string; created: number }] : []));
    expect(new Set(chunks.map((c) => `${c.id} ${c.created} ${c.model}`))).toEqual(new Set(['chatcmpl-1 1 auto (selected: local:tiny)']));
  });

  it('sends a whole completion at the end, then its usage part', async () => {
    const replies = await render({ format: 'chat.completion', id: 'chatcmpl-2', created: 2 }, STORY);
    expect(labels(replies)).toEqual(['start', 'rendered(output) chat.completion', 'usage']);
    const body = replies[1].type === 'rendered' ? (JSON.parse(replies[1].json) as { choices: Array<{ message: { content: string } }>; usage: unknown }) : undefined;
    expect(body?.choices[0].message.content).toBe('Once upon');
    expect(body?.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it('passes an error on and renders nothing after it, streamed or whole', async () => {
    const error: StreamPart = { type: 'error', code: 'upstream_error', message: 'broke', param: null, retryable: false };
    const parts = [START, { type: 'delta', index: 0, text: 'Once' } as StreamPart, error];
    expect(labels(await render({ format: 'text_completion.chunk', id: 'cmpl-1', created: 1, includeUsage: false }, parts))).toEqual([
      'start',
      'rendered(output) text_completion',
      'error',
    ]);
    expect(await render({ format: 'chat.completion', id: 'chatcmpl-3', created: 3 }, [...parts, USAGE])).toEqual([START, error]);
  });

  it('answers a whole request that ended before it finished with an upstream error instead of a body', async () => {
    const replies = await render({ format: 'text_completion', id: 'cmpl-2', created: 2 }, STORY.slice(0, 3));
    expect(replies).toEqual([START, expect.objectContaining({ type: 'error', code: 'upstream_error' })]);
  });

  it('renders an Anthropic stream: several events for one part, the usage part after message_stop', async () => {
    const replies = await render({ format: 'anthropic.message.stream', id: 'msg_1' }, STORY);
    const events = replies.map((r) => (r.type === 'rendered' ? `${(JSON.parse(r.json) as { type: string }).type}${r.output ? '*' : ''}` : r.type));
    expect(events).toEqual([
      'start',
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta*',
      'content_block_delta*',
      'content_block_stop',
      'message_delta',
      'message_stop',
      'usage',
    ]);
    const whole = await render({ format: 'anthropic.message', id: 'msg_2' }, STORY);
    expect(whole.map((r) => r.type)).toEqual(['start', 'rendered', 'usage']);
    expect(whole[1].type === 'rendered' && JSON.parse(whole[1].json)).toMatchObject({ id: 'msg_2', type: 'message', content: [{ type: 'text', text: 'Once upon' }], stop_reason: 'end_turn' });
  });

  it('renders an OpenAI Response with what it repeats of the client’s request (its native body)', async () => {
    const native = { dialect: 'openai.responses' as const, body: { model: 'auto', input: 'Hi', instructions: 'Be brief.', temperature: 0.3 } };
    const streamed = await render({ format: 'openai.response.stream', id: 'resp_1', created: 5 }, STORY, { native });
    const types = streamed.map((r) => (r.type === 'rendered' ? (JSON.parse(r.json) as { type: string }).type : r.type));
    expect(types[0]).toBe('start');
    expect(types.slice(1, 3)).toEqual(['response.created', 'response.in_progress']);
    expect(types.slice(-2)).toEqual(['response.completed', 'usage']);
    const whole = await render({ format: 'openai.response', id: 'resp_2', created: 5 }, STORY, { native });
    expect(whole.map((r) => r.type)).toEqual(['start', 'rendered', 'usage']);
    expect(whole[1].type === 'rendered' && JSON.parse(whole[1].json)).toMatchObject({ id: 'resp_2', created_at: 5, instructions: 'Be brief.', temperature: 0.3, status: 'completed' });
  });

  it('lists embeddings in input order, in the encoding asked for', async () => {
    const parts: StreamPart[] = [START, { type: 'embedding', index: 1, vector: [1, 0] }, { type: 'embedding', index: 0, vector: [0, 1] }, { ...USAGE, completionTokens: 0 }];
    const replies = await render({ format: 'embedding.list', inputs: 2, encoding: 'float' }, parts);
    expect(labels(replies)).toEqual(['start', 'rendered(output) list', 'usage']);
    const list = replies[1].type === 'rendered' ? (JSON.parse(replies[1].json) as { data: Array<{ embedding: number[] }> }) : undefined;
    expect(list?.data.map((d) => d.embedding)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });
});

describe('rendered parts on the bus', () => {
  it('are data for the router and sliced out unparsed by the gateway', () => {
    const json = '{"id":"chatcmpl-1","choices":[{"delta":{"content":"}\\"x"}}]}';
    for (const output of [true, false]) {
      const raw = encodeRendered(json, output);
      expect(JSON.parse(Buffer.from(raw).toString())).toEqual({ type: 'rendered', output, json: JSON.parse(json) });
      expect(roleOfPart(raw)).toBe('data');
      const part = decodeReplyPart(raw);
      if (part.type !== 'rendered') throw new Error('expected a rendered part');
      expect(part.output).toBe(output);
      expect(Buffer.from(part.json).toString()).toBe(json);
    }
  });
});
