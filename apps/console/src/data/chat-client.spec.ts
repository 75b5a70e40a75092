import type { FetchLike } from './api-client';
import { ApiError } from './api-error';
import { type ChatRun, streamChat } from './chat-client';
import { splitAt, streamResponse } from './testing/fixtures';

const model = 'auto (selected: local:stories260k)';
const event = (content: string): string => `data: ${JSON.stringify({ model, choices: [{ index: 0, delta: { content } }] })}\n\n`;
const usage = `data: ${JSON.stringify({ model, choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })}\n\n`;
const route = 'selected=local:stories260k; policy=edge-first; failed=openai:gpt-4o-mini (timeout)';

async function collect(response: Response | Promise<Response>): Promise<{ final: ChatRun; updates: ChatRun[]; init: RequestInit | undefined }> {
  const updates: ChatRun[] = [];
  let init: RequestInit | undefined;
  const fetch: FetchLike = async (_url, given) => {
    init = given;
    return response;
  };
  let clock = 0;
  const final = await streamChat({
    fetch,
    token: 'admin',
    url: '/v1/chat/completions',
    body: { model: 'auto', stream: true },
    headers: { 'x-switchyard-policy': 'edge-first' },
    now: () => ++clock,
    onUpdate: (run) => updates.push(run),
  });
  return { final, updates, init };
}

describe('streamChat', () => {
  it('streams content, the route header, the model and usage, whatever the chunk boundaries', async () => {
    const text = new TextEncoder().encode(event('Once') + event(' upon ☃') + usage + 'data: [DONE]\n\n');
    for (const offsets of [[], [1, 7, 40], [text.length - 3], Array.from({ length: 40 }, (_, i) => i * 5 + 3)]) {
      const { final, updates } = await collect(streamResponse(splitAt(text, offsets), { headers: { 'x-switchyard-route': route } }));
      expect(final.route).toBe(route);
      expect(final.state.content).toBe('Once upon ☃');
      expect(final.state.model).toBe(model);
      expect(final.state.usage?.completion_tokens).toBe(2);
      expect(final.state.done).toBe(true);
      expect(final.state.error).toBeNull();
      expect(updates[0].route).toBe(route);
    }
  });

  it('sends the token, the policy header and the body', async () => {
    const { init } = await collect(streamResponse(['data: [DONE]\n\n']));
    const headers = new Headers(init?.headers);
    expect(headers.get('Authorization')).toBe('Bearer admin');
    expect(headers.get('x-switchyard-policy')).toBe('edge-first');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ model: 'auto', stream: true });
  });

  it('rejects with the message of an HTTP error body', async () => {
    const answer = new Response(JSON.stringify({ error: { message: "The model 'nope' does not exist", type: 'invalid_request_error', param: 'model', code: 'model_not_found' } }), { status: 404 });
    const error = await collect(answer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe("The model 'nope' does not exist");
    expect((error as ApiError).status).toBe(404);
  });

  it('keeps an SSE error event as the state error, with the content before it', async () => {
    const { final } = await collect(streamResponse([event('part'), 'data: {"error":{"message":"Upstream broke","type":"server_error","param":null,"code":"upstream_error"}}\n\n']));
    expect(final.state.content).toBe('part');
    expect(final.state.error).toBe('Upstream broke');
  });

  it('says so when the stream stops without [DONE]', async () => {
    const { final } = await collect(streamResponse([event('cut')]));
    expect(final.state.error).toMatch(/ended before/);
  });
});
