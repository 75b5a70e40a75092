// The non-streaming load generator: autocannon, POSTing one small chat request to a target. Per-request
// timings (ms, float) are taken from autocannon's `response` events, so percentiles do not come from its
// whole-millisecond histogram buckets.
import autocannon from 'autocannon';

export const PATH = '/v1/chat/completions';

/**
 * The JSON body of a chat request for `model`; streaming ones ask for usage as clients usually do. A `tag` goes
 * into the message as `[bench-tag:…]`, for the fake upstream to count that group's open streams.
 */
export function chatBody(model, stream = false, tag = undefined) {
  return JSON.stringify({
    model,
    messages: [{ role: 'user', content: tag ? `Say hello. [bench-tag:${tag}]` : 'Say hello.' }],
    max_tokens: 16,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

/**
 * One autocannon run against `target` with `model`. Give either `amount` (requests in all) or `duration` (s);
 * `overallRate` caps requests per second. Resolves to { times (2xx only), ok, non2xx, errors, timeouts, seconds, rps }.
 */
export function autocannonRun(target, { connections, amount, duration, overallRate, model = target.model('bench') }) {
  return new Promise((done, fail) => {
    const times = [];
    const instance = autocannon(
      {
        url: target.baseUrl + PATH,
        method: 'POST',
        headers: target.headers,
        body: chatBody(model),
        connections,
        pipelining: 1,
        timeout: 10,
        ...(amount ? { amount } : { duration }),
        ...(overallRate ? { overallRate } : {}),
      },
      (error, result) => {
        if (error) return fail(error);
        const seconds = result.duration;
        done({
          times,
          ok: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          seconds,
          rps: result['2xx'] / seconds,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) times.push(ms);
    });
  });
}
