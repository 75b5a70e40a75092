import { formatRouteHeader, parseRouteHeader, RouteSchema, type Route } from './route';

const fellBack: Route = {
  policy: 'edge-first',
  selected: 'openai:gpt-4o-mini',
  failed: [{ backend: 'local:stories260k', workerId: 'local-vm-1', code: 'backend_busy', ms: 3 }],
  skipped: [{ backend: 'openai:gpt-4o', workerId: 'cloud-openai-1', reason: 'rate_limited' }],
};

describe('formatRouteHeader', () => {
  it.each<[string, Route, string]>([
    [
      'a fallback with a skip',
      fellBack,
      'selected=openai:gpt-4o-mini; policy=edge-first; failed=local:stories260k (backend_busy); skipped=openai:gpt-4o (rate_limited)',
    ],
    ['a first-choice success, without empty lists', { policy: 'cheapest', selected: 'local:tiny', failed: [], skipped: [] }, 'selected=local:tiny; policy=cheapest'],
    [
      'a failure: selected=none',
      {
        policy: 'fastest',
        selected: null,
        failed: [
          { backend: 'local:tiny', workerId: 'l1', code: 'backend_busy', ms: 2 },
          { backend: 'anthropic:claude', workerId: 'a1', code: 'timeout', ms: 30_000 },
        ],
        skipped: [],
      },
      'selected=none; policy=fastest; failed=local:tiny (backend_busy), anthropic:claude (timeout)',
    ],
    [
      'several skips of every kind',
      {
        policy: 'cloud-first',
        selected: null,
        failed: [],
        skipped: [
          { backend: 'openai:gpt-4o', workerId: 'c1', reason: 'rate_limited' },
          { backend: 'groq:llama', workerId: 'g1', reason: 'circuit_open' },
          { backend: 'local:tiny', workerId: 'l1', reason: 'context_too_small' },
        ],
      },
      'selected=none; policy=cloud-first; skipped=openai:gpt-4o (rate_limited), groq:llama (circuit_open), local:tiny (context_too_small)',
    ],
  ])('writes %s', (_name, route, header) => {
    expect(formatRouteHeader(route)).toBe(header);
  });

  it.each<[string, string, string]>([
    ['accented letters', 'ollama:modèle', 'selected=ollama:mod?le; policy=edge-first'],
    ['a line break (header injection)', 'local:x\r\nx-evil: 1', 'selected=local:x??x-evil: 1; policy=edge-first'],
    ['a tab', 'local:a\tb', 'selected=local:a?b; policy=edge-first'],
    ['an emoji, one mark per UTF-16 unit', 'local:🚀', 'selected=local:??; policy=edge-first'],
  ])('keeps the header on one visible-ASCII line despite %s', (_name, selected, header) => {
    const value = formatRouteHeader({ policy: 'edge-first', selected, failed: [], skipped: [] });
    expect(value).toBe(header);
    expect(value).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('parseRouteHeader', () => {
  it('reads back what formatRouteHeader wrote', () => {
    expect(parseRouteHeader(formatRouteHeader(fellBack))).toEqual({
      selected: 'openai:gpt-4o-mini',
      policy: 'edge-first',
      failed: ['local:stories260k (backend_busy)'],
      skipped: ['openai:gpt-4o (rate_limited)'],
    });
  });

  it('reads the backends a hedge beat', () => {
    const hedged: Route = { policy: 'cloud-first', selected: 'local:tiny', failed: [], skipped: [], hedged: [{ backend: 'openai:gpt-4o-mini', workerId: 'c1' }] };
    const header = formatRouteHeader(hedged);
    expect(header).toBe('selected=local:tiny; policy=cloud-first; hedged=openai:gpt-4o-mini');
    expect(parseRouteHeader(header).hedged).toEqual(['openai:gpt-4o-mini']);
    expect(RouteSchema.parse(hedged)).toEqual(hedged);
  });

  it('reads selected=none as null and missing lists as empty', () => {
    expect(parseRouteHeader('selected=none; policy=cheapest')).toEqual({ selected: null, policy: 'cheapest', failed: [], skipped: [] });
  });

  it('keeps the colons of a model name and every entry of a list', () => {
    const route: Route = {
      policy: 'fastest',
      selected: 'ollama:llama3:8b',
      failed: [
        { backend: 'local:a', workerId: 'l1', code: 'backend_busy', ms: 1 },
        { backend: 'local:b', workerId: 'l2', code: 'context_length_exceeded', ms: 1 },
      ],
      skipped: [],
    };
    expect(parseRouteHeader(formatRouteHeader(route))).toEqual({
      selected: 'ollama:llama3:8b',
      policy: 'fastest',
      failed: ['local:a (backend_busy)', 'local:b (context_length_exceeded)'],
      skipped: [],
    });
  });

  it('ignores fields it does not know and text without a key', () => {
    expect(parseRouteHeader('selected=local:tiny; junk; =x; future=1; policy=edge-first')).toEqual({
      selected: 'local:tiny',
      policy: 'edge-first',
      failed: [],
      skipped: [],
    });
  });

  it('reads an empty header as nothing selected', () => {
    expect(parseRouteHeader('')).toEqual({ selected: null, policy: '', failed: [], skipped: [] });
  });
});

describe('RouteSchema', () => {
  it('accepts a route as the router builds it', () => {
    expect(RouteSchema.parse(fellBack)).toEqual(fellBack);
    expect(RouteSchema.safeParse({ ...fellBack, selected: null }).success).toBe(true);
  });

  it.each<[string, unknown]>([
    ['an unknown policy', { ...fellBack, policy: 'random' }],
    ['an unknown skip reason', { ...fellBack, skipped: [{ backend: 'x:y', workerId: 'w', reason: 'bored' }] }],
    ['an unknown error code', { ...fellBack, failed: [{ backend: 'x:y', workerId: 'w', code: 'oops', ms: 1 }] }],
    ['a negative duration', { ...fellBack, failed: [{ backend: 'x:y', workerId: 'w', code: 'timeout', ms: -1 }] }],
    ['a missing selected', { policy: 'edge-first', failed: [], skipped: [] }],
  ])('rejects %s', (_name, value) => {
    expect(RouteSchema.safeParse(value).success).toBe(false);
  });
});
