import OpenAI from 'openai';
import { SseParser } from '@switchyard/sse';
import { WebSocket, type MessageEvent } from 'ws';
import type { ExampleRequest } from './examples';

/** What an example got back, and what the document's own code would have printed from it. */
export interface ExampleOutcome {
  status: number;
  headers: Headers | undefined;
  /** The JSON body of a whole answer (or the object the client returned). */
  body?: unknown;
  /** The JSON objects of a streamed answer (SSE `data:` lines, client chunks, WebSocket messages but the last), in order. */
  events?: unknown[];
  /** Whether a stream ended with its end marker (SSE `data: [DONE]`, the WebSocket's done object). */
  sawDone?: boolean;
  /** What the document's code prints: the answer's text, or the model ids it lists. */
  printed: string;
}

/** Replaces the scheme, host and port of a document's URL (`http://localhost:8000`) with the gateway's; the path stays. */
export function onGateway(url: string, gateway: string): string {
  const from = new URL(url);
  const to = new URL(gateway);
  from.protocol = from.protocol === 'ws:' || from.protocol === 'wss:' ? to.protocol.replace('http', 'ws') : to.protocol;
  from.host = to.host;
  return from.toString();
}

async function runHttp(request: Extract<ExampleRequest, { kind: 'http' }>, gateway: string): Promise<ExampleOutcome> {
  const response = await fetch(onGateway(request.url, gateway), {
    method: request.method,
    headers: request.headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    const body: unknown = await response.json();
    return { status: response.status, headers: response.headers, body, printed: '' };
  }
  const events: unknown[] = [];
  let sawDone = false;
  for (const event of new SseParser().push(await response.text())) {
    if (event.data === '[DONE]') sawDone = true;
    else events.push(JSON.parse(event.data));
  }
  return { status: response.status, headers: response.headers, events, sawDone, printed: '' };
}

/** The `openai` client's call, reading what the documents' Python code reads (`chunk.choices[0].delta.content`, …). */
async function runOpenAI(request: Extract<ExampleRequest, { kind: 'openai' }>, gateway: string): Promise<ExampleOutcome> {
  const client = new OpenAI({ baseURL: onGateway(request.baseURL, gateway), apiKey: request.apiKey, maxRetries: 0 });
  if (request.call === 'models.list') {
    const models = await client.models.list();
    return { status: 200, headers: undefined, body: { object: 'list', data: models.data }, printed: models.data.map((m) => m.id).join('\n') };
  }
  const params = request.params as unknown as OpenAI.Chat.Completions.ChatCompletionCreateParams;
  if (params.stream) {
    const events: unknown[] = [];
    let printed = '';
    const stream = await client.chat.completions.create({ ...params, stream: true });
    for await (const chunk of stream) {
      events.push(chunk);
      // `if chunk.choices[0].delta.content is not None: print(...)`: fails if a chunk had no choices[0].
      const content = chunk.choices[0].delta.content;
      if (content !== null && content !== undefined) printed += content;
    }
    return { status: 200, headers: undefined, events, printed };
  }
  const completion = await client.chat.completions.create({ ...params, stream: false });
  return { status: 200, headers: undefined, body: completion, printed: completion.choices[0].message.content ?? '' };
}

/** Longest a WebSocket example may take. */
const SOCKET_TIMEOUT_MS = 60_000;

/**
 * Inferneo's snippet: opens the socket, sends the request body when open, and handles each message as the
 * document's `onmessage` does (`JSON.parse(event.data)`, then `data.choices[0].delta.content` when
 * `data.choices` is there). It ends at the answer's last message (the done object or an error).
 */
function runWebSocket(request: Extract<ExampleRequest, { kind: 'websocket' }>, gateway: string): Promise<ExampleOutcome> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(onGateway(request.url, gateway));
    const events: unknown[] = [];
    let printed = '';
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no last message within ${SOCKET_TIMEOUT_MS} ms; got ${JSON.stringify(events)}`));
    }, SOCKET_TIMEOUT_MS);
    const finish = (outcome: ExampleOutcome): void => {
      clearTimeout(timer);
      ws.close();
      resolve(outcome);
    };
    ws.onopen = function () {
      ws.send(JSON.stringify(request.message));
    };
    ws.onmessage = function (event: MessageEvent) {
      try {
        // The document's handler, as written there.
        const data = JSON.parse(String(event.data));
        if (data.choices && data.choices[0].delta.content) {
          printed += data.choices[0].delta.content;
        }
        if (data.object === 'chat.completion.done') return finish({ status: 200, headers: undefined, events, sawDone: true, printed });
        events.push(data);
        if (data.error) finish({ status: 400, headers: undefined, events, printed });
      } catch (error) {
        clearTimeout(timer);
        ws.terminate();
        reject(new Error(`the document's onmessage threw on ${String(event.data)}: ${(error as Error).message}`));
      }
    };
    ws.onerror = (event) => {
      clearTimeout(timer);
      reject(event.error ?? new Error('WebSocket error'));
    };
  });
}

/** Runs one example against the gateway at `gateway` (`http://127.0.0.1:PORT`). */
export function runExample(request: ExampleRequest, gateway: string): Promise<ExampleOutcome> {
  switch (request.kind) {
    case 'http':
      return runHttp(request, gateway);
    case 'openai':
      return runOpenAI(request, gateway);
    case 'websocket':
      return runWebSocket(request, gateway);
  }
}
