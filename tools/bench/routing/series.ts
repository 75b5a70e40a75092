import { HEADERS, parseRouteHeader } from '@switchyard/contracts';

/** One request as its client saw it. */
export interface Outcome {
  ok: boolean;
  streamed: boolean;
  /** Until the first content (a whole answer: until its body), in ms; undefined when none came. */
  ttftMs: number | undefined;
  totalMs: number;
  /** The backend the route header names. */
  selected: string | null;
  /** Why it failed, when it did. */
  problem?: string;
  /** A stream that broke and went on on another backend (its SSE comment says so). */
  resumed?: boolean;
}

/** A series' figures. */
export interface Summary {
  requests: number;
  failures: number;
  ttftP50: number | undefined;
  ttftP99: number | undefined;
  totalP50: number | undefined;
  totalP99: number | undefined;
  /** The backends that answered, with how many times. */
  selected: string[];
  /** Why the first failure failed. */
  firstProblem?: string;
  /** Streams resumed on another backend. */
  resumes: number;
}

/** Longest a client waits for one answer, in ms. */
const CLIENT_TIMEOUT_MS = 30_000;

/** One chat completion, streamed or not; a stream fails unless it ends with `[DONE]` and carries no error event. */
async function ask(baseURL: string, model: string, policy: string | undefined, streamed: boolean): Promise<Outcome> {
  const sent = performance.now();
  const elapsed = (): number => performance.now() - sent;
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(policy ? { [HEADERS.policy]: policy } : {}) };
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 8, ...(streamed ? { stream: true } : {}) });
  try {
    const res = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers, body, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) });
    const route = res.headers.get(HEADERS.route);
    const selected = route ? parseRouteHeader(route).selected : null;
    if (!streamed) {
      const text = await res.text();
      const ok = res.status === 200 && text.includes('"choices"');
      return { ok, streamed, ttftMs: ok ? elapsed() : undefined, totalMs: elapsed(), selected, ...(ok ? {} : { problem: `HTTP ${res.status}` }) };
    }
    let ttftMs: number | undefined;
    let seen = '';
    const decoder = new TextDecoder();
    for await (const chunk of res.body ?? []) {
      seen += decoder.decode(chunk as Uint8Array, { stream: true });
      if (ttftMs === undefined && /"content":"[^"]/.test(seen)) ttftMs = elapsed();
    }
    const ok = res.status === 200 && seen.includes('data: [DONE]') && !seen.includes('"error"');
    const resumed = seen.includes('\n: switchyard-resumed: ');
    return { ok, streamed, ttftMs, totalMs: elapsed(), selected, resumed, ...(ok ? {} : { problem: res.status === 200 ? 'stream ended with an error' : `HTTP ${res.status}` }) };
  } catch (error) {
    return { ok: false, streamed, ttftMs: undefined, totalMs: elapsed(), selected: null, problem: (error as Error).message };
  }
}

/** `count` requests one after another, every other one streamed. */
export async function measureSeries(baseURL: string, options: { model: string; policy?: string; count: number }): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < options.count; i++) outcomes.push(await ask(baseURL, options.model, options.policy, i % 2 === 0));
  return outcomes;
}

/**
 * Several series measured together: request i of each, in turn, for i = 0 … count - 1 (every other round streamed), so that
 * each sees the machine and the stack as the others do at the same moment. Outcomes per series, in the order given.
 */
export async function measureInterleaved(baseURL: string, series: ReadonlyArray<{ model: string; policy?: string }>, count: number): Promise<Outcome[][]> {
  const outcomes = series.map((): Outcome[] => []);
  for (let i = 0; i < count; i++) {
    for (const [k, { model, policy }] of series.entries()) outcomes[k].push(await ask(baseURL, model, policy, i % 2 === 0));
  }
  return outcomes;
}

function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Failures, and the percentiles of the requests that succeeded. */
export function summarise(outcomes: readonly Outcome[]): Summary {
  const ok = outcomes.filter((o) => o.ok);
  const ttft = ok.flatMap((o) => (o.ttftMs === undefined ? [] : [o.ttftMs]));
  const total = ok.map((o) => o.totalMs);
  const counts = new Map<string, number>();
  for (const o of ok) counts.set(o.selected ?? '?', (counts.get(o.selected ?? '?') ?? 0) + 1);
  return {
    requests: outcomes.length,
    failures: outcomes.length - ok.length,
    ttftP50: percentile(ttft, 50),
    ttftP99: percentile(ttft, 99),
    totalP50: percentile(total, 50),
    totalP99: percentile(total, 99),
    selected: [...counts].map(([backend, n]) => `${backend} ×${n}`),
    resumes: outcomes.filter((o) => o.resumed === true).length,
    ...(outcomes.find((o) => !o.ok)?.problem ? { firstProblem: outcomes.find((o) => !o.ok)?.problem } : {}),
  };
}
