import { WebSocket } from 'ws';
import { keepErrorText, runDir } from './run-log';

/**
 * Jest setup file of the end-to-end and chaos suites: every error a test's client saw is kept for the
 * secrets check of the global teardown (`secrets-teardown.cjs`). It wraps the global fetch, which the
 * openai client uses too, keeping the body of each response with a status of 400 or more and each SSE
 * line that carries an `error`, and the `ws` client, keeping each WebSocket message that carries one.
 * Tests read their responses untouched: only a clone is read here. The raw-socket helpers (`send-raw`,
 * `post-raw`) keep their error responses themselves.
 */
const errorLines = (text: string): string =>
  text
    .split('\n')
    .filter((line) => line.includes('"error"'))
    .join('\n');

function keepFetchErrors(): void {
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const res = await original(input, init);
    if (res.status >= 400) {
      res.clone().text().then(keepErrorText, () => undefined);
    } else if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      res
        .clone()
        .text()
        .then((text) => keepErrorText(errorLines(text)), () => undefined);
    }
    return res;
  };
}

function keepWebSocketErrors(): void {
  const emit = WebSocket.prototype.emit;
  WebSocket.prototype.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'message' && args[0] !== undefined) {
      const text = String(args[0]);
      if (text.includes('"error"')) keepErrorText(text);
    }
    return emit.call(this, event, ...args);
  };
}

if (runDir() !== undefined) {
  keepFetchErrors();
  keepWebSocketErrors();
}
