import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { ReplyPart, StreamPart } from '@switchyard/contracts';
import { createLogger } from '@switchyard/observability';
import { openAISchemaValidator, waitFor } from '@switchyard/testing';
import { WebSocket, WebSocketServer } from 'ws';
import type { InferenceClient, InferenceJob, RequestContext } from '../inference/inference.client';
import { renderedAnswer } from '../testing/rendered-answer';
import type { UsageRecording } from '../usage/usage-recorder';
import type { ChatCompletionChunk } from '@switchyard/openai';
import { ChatSocket } from './chat-socket';
import type { EnvelopeReply, PlainReply } from './socket-protocol';

const ROUTE = { policy: 'edge-first' as const, selected: 'local:tiny', failed: [], skipped: [] };

/** A stand-in for the router: streams a few words per request, slowly, and records what it was asked. */
class ScriptedInference {
  readonly jobs: Array<{ job: InferenceJob; context: RequestContext }> = [];
  readonly cancelled: string[] = [];

  run(job: InferenceJob, context: RequestContext, signal: AbortSignal): AsyncGenerator<ReplyPart> {
    return renderedAnswer(job.render, this.script(job, context, signal));
  }

  private async *script(job: InferenceJob, context: RequestContext, signal: AbortSignal): AsyncGenerator<StreamPart> {
    this.jobs.push({ job, context });
    if (job.body.model === 'missing') {
      yield { type: 'error', code: 'model_not_found', message: "The model 'missing' does not exist.", param: 'model', retryable: false };
      return;
    }
    yield { type: 'start', backend: 'local:tiny', model: 'auto (selected: local:tiny)', workerId: 'w1', route: ROUTE };
    for (const word of ['Once', ' upon', ' a', ' time']) {
      await new Promise((r) => setTimeout(r, job.body.model === 'slow' ? 200 : 5));
      if (signal.aborted) {
        this.cancelled.push(context.requestId);
        return;
      }
      yield { type: 'delta', index: 0, text: word };
    }
    yield { type: 'finish', index: 0, reason: 'stop' };
    yield { type: 'usage', promptTokens: 2, completionTokens: 4 };
  }
}

describe('ChatSocket over a real WebSocket', () => {
  let server: WebSocketServer;
  let url: string;
  let inference: ScriptedInference;
  /** The usage recording the next connection's sockets get (none unless a test sets it). */
  let usage: (() => UsageRecording) | undefined;
  /** The requests the sockets hold as running work (the gateway's drain); a release of an earlier test's request finds nothing here. */
  let held = new Set<symbol>();
  const hold = (): (() => void) => {
    const token = Symbol('request');
    held.add(token);
    return () => void held.delete(token);
  };
  const spec = openAISchemaValidator();

  beforeEach(async () => {
    inference = new ScriptedInference();
    usage = undefined;
    held = new Set();
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(server, 'listening');
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('connection', (ws) => new ChatSocket(ws, inference as unknown as InferenceClient, createLogger('test', 'silent'), { maxConcurrent: 2, usage, hold }));
  });

  afterEach(async () => {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });

  async function connect(): Promise<{ ws: WebSocket; messages: EnvelopeReply[] }> {
    const ws = new WebSocket(url);
    const messages: EnvelopeReply[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as EnvelopeReply));
    await once(ws, 'open');
    return { ws, messages };
  }

  /** The same, for the plain dialect's replies. */
  async function connectPlain(): Promise<{ ws: WebSocket; messages: Array<PlainReply & Record<string, unknown>> }> {
    const { ws, messages } = await connect();
    return { ws, messages: messages as unknown as Array<PlainReply & Record<string, unknown>> };
  }

  const chat = (model = 'auto', extra: Record<string, unknown> = {}): Record<string, unknown> => ({ model, messages: [{ role: 'user', content: 'Hi' }], ...extra });

  it('streams two requests over one socket, each as the chunks SSE would carry, then done', async () => {
    const { ws, messages } = await connect();
    ws.send(JSON.stringify({ id: 'a', body: chat('auto', { stream_options: { include_usage: true }, stream: true }) }));
    ws.send(JSON.stringify({ id: 'b', body: chat() }));
    await waitFor(() => messages.filter((m) => m.type === 'done').length === 2, 3_000, 'both requests to finish');
    for (const id of ['a', 'b']) {
      const mine = messages.filter((m) => m.id === id);
      expect(mine[0]).toEqual({ type: 'started', id, request_id: expect.stringMatching(/^req_/), route: 'selected=local:tiny; policy=edge-first' });
      expect(mine.at(-1)).toEqual({ type: 'done', id });
      const chunks = mine.flatMap((m) => (m.type === 'chunk' ? [m.data] : []));
      expect(chunks.map((c) => spec.validate('CreateChatCompletionStreamResponse', c).errors)).toEqual(chunks.map(() => []));
      expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Once upon a time');
      expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    }
    const usage = messages.filter((m) => m.id === 'a' && m.type === 'chunk').at(-1);
    expect(usage).toMatchObject({ data: { choices: [], usage: { prompt_tokens: 2, completion_tokens: 4, total_tokens: 6 } } });
    expect(messages.filter((m) => m.id === 'b' && m.type === 'chunk').every((m) => m.type === 'chunk' && !('usage' in m.data))).toBe(true);
    ws.close();
  });

  it('answers a plain chat request body with plain chunk objects, then a done object', async () => {
    const { ws, messages } = await connectPlain();
    ws.send(JSON.stringify(chat('auto', { stream: true })));
    await waitFor(() => messages.some((m) => m['object'] === 'chat.completion.done'), 3_000, 'the request to finish');
    const chunks = messages.slice(0, -1) as ChatCompletionChunk[];
    expect(chunks.map((c) => spec.validate('CreateChatCompletionStreamResponse', c).errors)).toEqual(chunks.map(() => []));
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe('Once upon a time');
    expect(messages.at(-1)).toEqual({ object: 'chat.completion.done', id: chunks[0].id, request_id: expect.stringMatching(/^req_/), route: 'selected=local:tiny; policy=edge-first' });
    ws.close();
  });

  it('answers a plain request sent with stream: false with the chat.completion, then done', async () => {
    const { ws, messages } = await connectPlain();
    ws.send(JSON.stringify(chat('auto', { stream: false })));
    await waitFor(() => messages.some((m) => m['object'] === 'chat.completion.done'), 3_000, 'the request to finish');
    expect(messages.map((m) => m['object'])).toEqual(['chat.completion', 'chat.completion.done']);
    expect(spec.validate('CreateChatCompletionResponse', messages[0]).errors).toEqual([]);
    ws.close();
  });

  it('runs one plain request at a time, answers its errors as OpenAI error bodies, and cancels it without an id', async () => {
    const { ws, messages } = await connectPlain();
    ws.send(JSON.stringify({ model: 'auto' }));
    ws.send(JSON.stringify(chat('slow')));
    ws.send(JSON.stringify(chat('slow')));
    await waitFor(() => messages.filter((m) => 'error' in m).length === 2, 3_000, 'two refusals');
    expect(messages.filter((m) => 'error' in m)).toEqual([
      { error: { message: "Missing required parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: null } },
      { error: expect.objectContaining({ code: 'rate_limit_exceeded', message: expect.stringContaining('already running') }) },
    ]);
    ws.send(JSON.stringify({ type: 'cancel' }));
    await waitFor(() => inference.cancelled.length === 1, 3_000, 'the plain request to be cancelled');
    ws.send(JSON.stringify(chat('missing')));
    await waitFor(() => messages.filter((m) => 'error' in m).length === 3, 3_000, 'the next request to run');
    expect(messages.at(-1)).toEqual({ error: { message: "The model 'missing' does not exist.", type: 'invalid_request_error', param: 'model', code: 'model_not_found' } });
    ws.close();
  });

  it('answers envelopes and plain requests side by side on one socket', async () => {
    const { ws, messages } = await connect();
    ws.send(JSON.stringify({ id: 'e', body: chat() }));
    ws.send(JSON.stringify(chat()));
    await waitFor(() => messages.some((m) => m.type === 'done') && messages.some((m) => (m as { object?: string }).object === 'chat.completion.done'), 3_000, 'both to finish');
    const plain = messages.filter((m) => !('type' in m));
    const enveloped = messages.filter((m) => 'type' in m);
    expect(enveloped.every((m) => m.id === 'e')).toBe(true);
    expect(plain.every((m) => 'object' in m)).toBe(true);
    ws.close();
  });

  it('answers bad messages with OpenAI errors and keeps the socket open', async () => {
    const { ws, messages } = await connect();
    ws.send('{nope');
    ws.send(JSON.stringify({ id: 'x', body: { model: 'auto' } }));
    ws.send(JSON.stringify({ id: 'bad id!', body: chat() }));
    ws.send(JSON.stringify({ id: 'y', body: chat('missing') }));
    await waitFor(() => messages.length === 4, 3_000, 'four errors');
    expect(messages).toEqual([
      { type: 'error', id: null, status: 400, error: expect.objectContaining({ code: 'invalid_json', type: 'invalid_request_error' }) },
      { type: 'error', id: 'x', status: 400, error: expect.objectContaining({ param: 'messages' }) },
      { type: 'error', id: null, status: 400, error: expect.objectContaining({ param: 'id' }) },
      { type: 'error', id: 'y', status: 404, error: expect.objectContaining({ code: 'model_not_found', param: 'model' }) },
    ]);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('cancels one request on a cancel message, and every request when the socket closes', async () => {
    const { ws, messages } = await connect();
    ws.send(JSON.stringify({ id: 'one', body: chat('slow') }));
    ws.send(JSON.stringify({ id: 'two', body: chat('slow') }));
    await waitFor(() => messages.filter((m) => m.type === 'started').length === 2, 3_000, 'both to start');
    ws.send(JSON.stringify({ type: 'cancel', id: 'one' }));
    await waitFor(() => inference.cancelled.length === 1, 3_000, 'the first to be cancelled');
    ws.close();
    await waitFor(() => inference.cancelled.length === 2, 3_000, 'the second to be cancelled');
    expect(messages.some((m) => m.type === 'done')).toBe(false);
  });

  it('refuses more concurrent requests than the socket allows, and a duplicate id', async () => {
    const { ws, messages } = await connect();
    for (const id of ['a', 'a', 'b', 'c']) ws.send(JSON.stringify({ id, body: chat('slow') }));
    await waitFor(() => messages.filter((m) => m.type === 'error').length === 2, 3_000, 'two refusals');
    expect(messages.filter((m) => m.type === 'error')).toEqual([
      { type: 'error', id: 'a', status: 400, error: expect.objectContaining({ param: 'id', message: "A request with id 'a' is already running on this socket." }) },
      { type: 'error', id: 'c', status: 429, error: expect.objectContaining({ code: 'rate_limit_exceeded' }) },
    ]);
    ws.close();
  });

  it.each([true, false])('hands the answer’s usage over before its last message, once (stream: %s)', async (stream) => {
    const calls: string[] = [];
    let seenAtHandOver: string[] | undefined;
    let heldWhileWriting: number | undefined;
    const received: Array<{ type: string }> = [];
    usage = () => ({
      note: () => undefined,
      answered: async () => {
        calls.push('answered');
        seenAtHandOver = received.map((m) => m.type);
        // Written a little later: the answer's last message must wait for it.
        await new Promise((resolve) => setTimeout(resolve, 50));
        heldWhileWriting = held.size;
        seenAtHandOver.push(...received.slice(seenAtHandOver.length).map((m) => m.type));
      },
      finish: (status) => void calls.push(`finish ${status}`),
    });
    const { ws, messages } = await connect();
    ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString()) as { type: string }));
    ws.send(JSON.stringify({ id: 'u', body: chat('auto', { stream }) }));
    await waitFor(() => messages.some((m) => m.type === 'done'), 3_000, 'the answer to end');
    await waitFor(() => held.size === 0, 1_000, 'the request to be released');
    expect(seenAtHandOver).toBeDefined();
    expect(heldWhileWriting).toBe(1); // a shutdown waits for this request while its usage is handed over
    expect(seenAtHandOver).not.toContain('done');
    expect(seenAtHandOver).not.toContain('completion');
    expect(messages.filter((m) => m.type === 'completion')).toHaveLength(stream ? 0 : 1);
    expect(calls).toEqual(['answered', 'finish 200']);
    ws.close();
  });
});
