/**
 * Local HTTP servers that speak the real OpenAI Chat Completions and Anthropic Messages wire formats,
 * for integration tests. The fake OpenAI also answers legacy `POST /v1/completions` (`Echo: <prompt>`
 * per prompt, with `n`, `echo` and legacy `logprobs`) and `POST /v1/embeddings` (a deterministic unit
 * vector per input from {@link fakeEmbedding}, `dimensions` and `encoding_format` honoured). The
 * request's `model` picks the behaviour:
 *
 * - any other name: answers `Echo: <last user text>` in `chunks` pieces (honours max_tokens and stop sequences);
 * - `tool-model`: calls the first tool with `{"city":"Paris"}`; after a tool result answers `The weather is sunny.`;
 * - `rate-limited` 429, `no-quota` (OpenAI 429 `insufficient_quota`), `server-error` 500, `overloaded` (OpenAI 503, Anthropic 529), `bad-request` 400;
 * - `dies-mid-stream`: 2 content pieces then the socket is destroyed (non-streaming: destroyed before answering);
 * - `error-mid-stream`: 1 content piece then an error event (non-streaming: OpenAI 500, Anthropic 529);
 * - `malformed`: invalid JSON body, or a `data: {garbage` event before the stream's normal end;
 * - `thousand`: 1,000 pieces `w0 `…`w999 `; `slow`: 300 ms before every event; `stall`: headers, then nothing.
 *
 * The fake Anthropic answers a request with `thinking` enabled with a thinking block first (`FAKE_THINKING`), after a
 * redacted one (`FAKE_REDACTED_THINKING`) when the last user message holds Anthropic's `REDACTED_THINKING_TRIGGER`.
 *
 * Option `scenario` plays one of these for every request whatever its model, and option `port` pins the
 * address, so a test can make a healthy upstream fail, or stop and restart it, while workers keep pointing at it.
 */
export { FAKE_SCENARIO_MODELS, type Scenario } from './answer';
export { FAKE_REDACTED_THINKING, FAKE_THINKING, REDACTED_THINKING_TRIGGER, startFakeAnthropic } from './anthropic';
export { fakeEmbedding } from './fake-embedding';
export { startFakeOpenAI } from './openai';
export { sleep } from './server';
export type { FakeUpstream, FakeUpstreamOptions, RecordedRequest } from './types';
