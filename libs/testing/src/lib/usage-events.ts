import type { UsageEvent } from '@switchyard/contracts';

/** 2025-03-14T10:00:00Z: the day test events are received on, unless they say otherwise. */
export const T0 = Date.UTC(2025, 2, 14, 10, 0, 0);

let sequence = 0;

/** A usage event of a streamed chat request answered by `local:stories260k` in 1.2 s; override what the test is about. */
export function usageEvent(overrides: Partial<UsageEvent> = {}): UsageEvent {
  sequence += 1;
  return {
    requestId: `req_test_${sequence}`,
    receivedAt: T0,
    keyId: 'key_0123456789abcdef',
    kind: 'chat',
    requestedModel: 'auto',
    backend: 'local:stories260k',
    status: 200,
    errorCode: null,
    streamed: true,
    promptTokens: 10,
    completionTokens: 20,
    durationMs: 1_200,
    ttftMs: 40,
    interTokenMs: 3,
    overheadMs: 0.8,
    route: { policy: 'edge-first', selected: 'local:stories260k', failed: [], skipped: [] },
    ...overrides,
  };
}
