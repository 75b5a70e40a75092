// The streaming load generator: POSTs a streaming chat request with undici and reads the SSE bytes itself,
// timing the first content chunk (a `data:` event whose choices[0].delta.content is not empty) and the end of
// the body. A stream counts as complete only if it ends with `data: [DONE]`, carries every character of
// content the fake upstream sent (stream-shapes.mjs) and no error event.
import { Pool } from 'undici';
import { chatBody, PATH } from './load-generator.mjs';
import { expectedContentLength } from './stream-shapes.mjs';

/** Reads SSE `data:` payloads out of text chunks, line by line, across chunk boundaries. */
class SseLines {
  rest = '';
  decoder = new TextDecoder();

  /** Calls `onData(payload)` for every complete `data:` line in `bytes`. */
  push(bytes, onData) {
    const text = this.rest + this.decoder.decode(bytes, { stream: true });
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const line = text.slice(start, text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
      start = nl + 1;
      if (line.startsWith('data:')) onData(line.slice(5).trim());
    }
    this.rest = text.slice(start);
  }
}

export class StreamClient {
  /** @param target a started target; @param connections the most streams open at once */
  constructor(target, connections) {
    this.target = target;
    this.pool = new Pool(target.baseUrl, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: 60_000,
      bodyTimeout: 120_000,
      connect: { timeout: 30_000 },
    });
  }

  /**
   * One stream of `shape` (a fake-upstream model name). Resolves, never rejects, to
   * { ttft, total (ms from sending), chars, done, error?, aborted? }; `onFirst` is called at the first content;
   * `tag` marks the request for the fake upstream's per-tag count of open streams.
   */
  async stream(shape, { signal, onFirst, tag } = {}) {
    const model = this.target.model(shape);
    const expected = expectedContentLength(shape);
    const sent = performance.now();
    let first;
    let chars = 0;
    let done = false;
    let error;
    try {
      const res = await this.pool.request({ method: 'POST', path: PATH, headers: this.target.headers, body: chatBody(model, true, tag), signal });
      if (res.statusCode !== 200) {
        const text = await res.body.text();
        return { error: `HTTP ${res.statusCode}: ${text.slice(0, 200)}`, chars, done };
      }
      const lines = new SseLines();
      const onData = (payload) => {
        if (payload === '[DONE]') return void (done = true);
        let event;
        try {
          event = JSON.parse(payload);
        } catch {
          error ??= `not JSON: ${payload.slice(0, 100)}`;
          return;
        }
        if (event.error) error ??= `error event: ${JSON.stringify(event.error).slice(0, 200)}`;
        const content = event.choices?.[0]?.delta?.content;
        if (!content) return;
        chars += content.length;
        if (first === undefined) {
          first = performance.now();
          onFirst?.();
        }
      };
      for await (const bytes of res.body) lines.push(bytes, onData);
    } catch (e) {
      if (signal?.aborted) return { ttft: first === undefined ? undefined : first - sent, chars, done, aborted: true };
      return { error: `${e.code ?? e.name}: ${e.message}`, chars, done };
    }
    const total = performance.now() - sent;
    if (!error && !done) error = 'ended without data: [DONE]';
    if (!error && chars !== expected) error = `content ${chars} of ${expected} characters`;
    return { ttft: first === undefined ? undefined : first - sent, total, chars, done, error };
  }

  close() {
    return this.pool.destroy();
  }
}
