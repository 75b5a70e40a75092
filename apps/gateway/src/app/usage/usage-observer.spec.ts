import type { ReplyPart, Route, UsageEvent } from '@switchyard/contracts';
import { UsageEventSchema } from '@switchyard/contracts';
import { UsageObserver, type UsageFacts } from './usage-observer';

const FACTS: UsageFacts = { requestId: 'req_1', keyId: 'key_A', kind: 'chat', endpoint: 'chat/completions', requestedModel: 'auto', streamed: true };
/** The router's route: the cloud was rate-limited, the edge answered. */
const ROUTE: Route = { policy: 'cloud-first', selected: 'local:tiny', failed: [{ backend: 'openai:gpt', workerId: 'c1', code: 'rate_limit_exceeded', ms: 3 }], skipped: [] };
const NO_BACKEND: Route = { policy: 'edge-first', selected: null, failed: [], skipped: [{ backend: 'local:tiny', workerId: 'w1', reason: 'circuit_open' }] };
const START: ReplyPart = { type: 'start', backend: 'local:tiny', model: 'auto (selected: local:tiny)', workerId: 'w1', route: ROUTE };
/** A rendered chunk; with output when it carries text (or tool calls: `withOutput`). */
const chunk = (text: string, withOutput = text !== ''): ReplyPart => ({ type: 'rendered', output: withOutput, json: Buffer.from(JSON.stringify({ text })) });
const delta = (text: string): ReplyPart => chunk(text);
const FINISH: ReplyPart = chunk('', false);
/** A whole body (a completion or an embeddings list): output. */
const BODY: ReplyPart = chunk('{}', true);

/** A part arriving `at` ms after the gateway received the request. */
type Step = [at: number, part: ReplyPart];

/** Plays `steps` through an observer on a clock the test moves; the response ends at `endAt`. */
async function observe(steps: Step[], endAt: number, status: number, cancelled = false, facts: UsageFacts = FACTS): Promise<UsageEvent> {
  let clock = 0;
  // Received at epoch 1_700_000_000_000: the wall clock reads that plus the elapsed time.
  const observer = new UsageObserver(facts, () => clock, () => 1_700_000_000_000 + clock);
  for (const [at, part] of steps) {
    clock = at;
    observer.note(part);
  }
  clock = endAt;
  return UsageEventSchema.parse(observer.event(status, cancelled));
}

const BASE = { requestId: 'req_1', receivedAt: 1_700_000_000_000, keyId: 'key_A', kind: 'chat', endpoint: 'chat/completions', requestedModel: 'auto' } as const;

describe('UsageObserver', () => {
  it.each<[string, Step[], number, number, boolean, UsageFacts, UsageEvent]>([
    [
      'a streamed answer: first token, mean gap after it, overhead beside the worker’s own time',
      [[10, START], [40, delta('Once')], [50, delta(' upon')], [70, delta(' a')], [75, FINISH], [76, { type: 'usage', promptTokens: 5, completionTokens: 3, workerMs: 60 }]],
      80,
      200,
      false,
      FACTS,
      { ...BASE, backend: 'local:tiny', status: 200, errorCode: null, streamed: true, promptTokens: 5, completionTokens: 3, durationMs: 80, ttftMs: 40, interTokenMs: 15, overheadMs: 20, route: ROUTE },
    ],
    [
      'a whole (JSON) answer without the worker’s time: no overhead',
      [[5, START], [30, BODY], [32, { type: 'usage', promptTokens: 2, completionTokens: 1 }]],
      35,
      200,
      false,
      { ...FACTS, streamed: false },
      { ...BASE, backend: 'local:tiny', status: 200, errorCode: null, streamed: false, promptTokens: 2, completionTokens: 1, durationMs: 35, ttftMs: 30, interTokenMs: null, overheadMs: null, route: ROUTE },
    ],
    [
      'an error before the first token: its status and code, no backend, no timings',
      [[12, { type: 'error', code: 'service_unavailable', message: 'none', param: null, retryable: true, route: NO_BACKEND }]],
      13,
      503,
      false,
      FACTS,
      { ...BASE, backend: null, status: 503, errorCode: 'service_unavailable', streamed: true, promptTokens: 0, completionTokens: 0, durationMs: 13, ttftMs: null, interTokenMs: null, overheadMs: null, route: NO_BACKEND },
    ],
    [
      'an error mid-stream: 200 was sent, the code says what broke',
      [[10, START], [20, delta('a')], [30, delta('b')], [31, { type: 'error', code: 'upstream_error', message: 'broke', param: null, retryable: false }]],
      32,
      200,
      false,
      FACTS,
      { ...BASE, backend: 'local:tiny', status: 200, errorCode: 'upstream_error', streamed: true, promptTokens: 0, completionTokens: 0, durationMs: 32, ttftMs: 20, interTokenMs: 10, overheadMs: null, route: ROUTE },
    ],
    [
      'a client that left mid-stream: cancelled',
      [[10, START], [20, delta('a')]],
      25,
      200,
      true,
      FACTS,
      { ...BASE, backend: 'local:tiny', status: 200, errorCode: 'cancelled', streamed: true, promptTokens: 0, completionTokens: 0, durationMs: 25, ttftMs: 20, interTokenMs: null, overheadMs: null, route: ROUTE },
    ],
    [
      'embeddings: the list is the first output; one piece, so no gap',
      [[4, START], [9, BODY], [9, { type: 'usage', promptTokens: 6, completionTokens: 0, workerMs: 7.5 }]],
      10,
      200,
      false,
      { ...FACTS, kind: 'embeddings', endpoint: 'embeddings', streamed: false },
      { ...BASE, kind: 'embeddings', endpoint: 'embeddings', backend: 'local:tiny', status: 200, errorCode: null, streamed: false, promptTokens: 6, completionTokens: 0, durationMs: 10, ttftMs: 9, interTokenMs: null, overheadMs: 2.5, route: ROUTE },
    ],
    [
      'a role chunk and tool calls: only chunks with output count',
      [[5, START], [8, chunk('', false)], [20, chunk('', true)], [26, chunk('', true)]],
      30,
      200,
      false,
      FACTS,
      { ...BASE, backend: 'local:tiny', status: 200, errorCode: null, streamed: true, promptTokens: 0, completionTokens: 0, durationMs: 30, ttftMs: 20, interTokenMs: 6, overheadMs: null, route: ROUTE },
    ],
    [
      'a failure without an error part (an exception answered 500)',
      [[5, START]],
      6,
      500,
      false,
      { ...FACTS, streamed: false },
      { ...BASE, backend: 'local:tiny', status: 500, errorCode: 'internal_error', streamed: false, promptTokens: 0, completionTokens: 0, durationMs: 6, ttftMs: null, interTokenMs: null, overheadMs: null, route: ROUTE },
    ],
    [
      'a worker slower than the gateway’s clock: overhead is never negative',
      [[5, START], [6, delta('x')], [7, { type: 'usage', promptTokens: 1, completionTokens: 1, workerMs: 9 }]],
      8,
      200,
      false,
      FACTS,
      { ...BASE, backend: 'local:tiny', status: 200, errorCode: null, streamed: true, promptTokens: 1, completionTokens: 1, durationMs: 8, ttftMs: 6, interTokenMs: null, overheadMs: 0, route: ROUTE },
    ],
  ])('%s', async (_name, steps, endAt, status, cancelled, facts, expected) => {
    expect(await observe(steps, endAt, status, cancelled, facts)).toEqual(expected);
  });
});
