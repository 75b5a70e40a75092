import { errorPart, type ErrorPart, type RouteAttempt } from '@switchyard/contracts';
import { ERROR_CODES } from '@switchyard/openai';
import type { PlannedSkip } from './plan';
import { finalFailure, noCandidateReason } from './route-failure';

const NOW = 1_700_000_000_000;

const attempt = (backend: string, code: RouteAttempt['code']): RouteAttempt => ({ backend, workerId: `w-${backend}`, code, ms: 12 });
const rateLimited = (backend: string, until?: number): PlannedSkip => ({ backend, workerId: `w-${backend}`, reason: 'rate_limited', until });
const circuitOpen = (backend: string, until?: number): PlannedSkip => ({ backend, workerId: `w-${backend}`, reason: 'circuit_open', until });

describe('finalFailure after an attempt failed', () => {
  const upstream429 = errorPart('rate_limit_exceeded', 'Rate limit reached for gpt-4o-mini.', { retryable: true });

  it('passes on the only failure as it was, no longer retryable', () => {
    const failure = finalFailure('auto', upstream429, [attempt('openai:gpt-4o-mini', 'rate_limit_exceeded')], [], NOW);
    expect(failure).toEqual<ErrorPart>({ type: 'error', code: 'rate_limit_exceeded', message: 'Rate limit reached for gpt-4o-mini.', param: null, retryable: false });
  });

  it('keeps the param of the last failure', () => {
    const tooLong = errorPart('context_length_exceeded', 'Too long.', { param: 'messages' });
    expect(finalFailure('local:tiny', tooLong, [attempt('local:tiny', 'context_length_exceeded')], [], NOW).param).toBe('messages');
  });

  it('names every backend tried, in order, when there were several', () => {
    const failed = [attempt('local:tiny', 'backend_busy'), attempt('openai:gpt-4o-mini', 'rate_limit_exceeded')];
    const failure = finalFailure('auto', upstream429, failed, [], NOW);
    expect(failure.code).toBe('rate_limit_exceeded');
    expect(failure.message).toBe('Rate limit reached for gpt-4o-mini. Tried: local:tiny (backend_busy), openai:gpt-4o-mini (rate_limit_exceeded).');
  });

  it('says what was skipped and for how long', () => {
    const busy = errorPart('backend_busy', 'The worker is busy.', { retryable: true });
    const skipped = [rateLimited('anthropic:claude', NOW + 29_001), circuitOpen('groq:llama', NOW + 4_200)];
    const failure = finalFailure('auto', busy, [attempt('local:tiny', 'backend_busy')], skipped, NOW);
    expect(failure).toMatchObject({ code: 'backend_busy', retryable: false });
    expect(failure.message).toBe(
      'The worker is busy. Skipped: anthropic:claude has no rate-limit headroom for 30 s; groq:llama is failing repeatedly (circuit open, retried in 5 s).',
    );
  });
});

describe('finalFailure when nothing could be tried', () => {
  it.each<[string, PlannedSkip[], ErrorPart['code'], string]>([
    [
      'every backend rate-limited: a 429',
      [rateLimited('openai:gpt-4o-mini', NOW + 30_000), rateLimited('anthropic:claude')],
      'rate_limit_exceeded',
      "No backend for 'auto' can take the request now: openai:gpt-4o-mini has no rate-limit headroom for 30 s; anthropic:claude has no rate-limit headroom.",
    ],
    [
      'a circuit open among them: a 503',
      [rateLimited('openai:gpt-4o-mini', NOW + 30_000), circuitOpen('local:tiny', NOW + 10_000)],
      'service_unavailable',
      "No backend for 'auto' can take the request now: openai:gpt-4o-mini has no rate-limit headroom for 30 s; local:tiny is failing repeatedly (circuit open, retried in 10 s).",
    ],
    [
      'a circuit open with a probe under way (no reopening time)',
      [circuitOpen('local:tiny')],
      'service_unavailable',
      "No backend for 'auto' can take the request now: local:tiny is failing repeatedly (circuit open).",
    ],
    [
      'a context too small',
      [{ backend: 'local:tiny', workerId: 'w1', reason: 'context_too_small' }],
      'service_unavailable',
      "No backend for 'auto' can take the request now: local:tiny has too small a context for this prompt.",
    ],
  ])('explains %s', (_name, skipped, code, message) => {
    expect(finalFailure('auto', undefined, [], skipped, NOW)).toEqual<ErrorPart>({ type: 'error', code, message, param: null, retryable: false });
  });

  it('maps an all-rate-limited failure to HTTP 429 and a mixed one to 503', () => {
    expect(ERROR_CODES[finalFailure('auto', undefined, [], [rateLimited('openai:x', NOW + 1)], NOW).code].status).toBe(429);
    expect(ERROR_CODES[finalFailure('auto', undefined, [], [rateLimited('openai:x'), circuitOpen('local:y')], NOW).code].status).toBe(503);
  });

  it.each<[string, number, string]>([
    ['rounds a part second up', NOW + 1_001, '2 s'],
    ['shows at least a second', NOW + 10, '1 s'],
    ['shows a second for a time already passed', NOW - 5_000, '1 s'],
    ['shows whole minutes in seconds', NOW + 60_000, '60 s'],
  ])('%s', (_name, until, shown) => {
    expect(finalFailure('auto', undefined, [], [rateLimited('openai:x', until)], NOW).message).toContain(`headroom for ${shown}.`);
  });

  it('says nothing can serve the model when nothing was tried or skipped', () => {
    expect(finalFailure('gpt-4o', undefined, [], [], NOW)).toEqual(errorPart('service_unavailable', "No backend can serve model 'gpt-4o' right now."));
  });
});

describe('noCandidateReason', () => {
  it.each<[string, number, number, string]>([
    ['no worker is connected', 0, 0, "No backend can serve model 'auto': no worker is connected."],
    ['every serving worker is draining or cut off', 2, 1, "No backend can serve model 'auto' right now: every worker serving it is draining or cannot reach its provider."],
    ['workers are up but none serves the model', 2, 0, "No backend can serve model 'auto' right now."],
  ])('explains that %s', (_name, live, unavailable, message) => {
    expect(noCandidateReason('auto', live, unavailable)).toEqual(errorPart('service_unavailable', message));
  });
});
