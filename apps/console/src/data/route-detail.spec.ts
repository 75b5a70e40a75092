import { codeText, endpointText, routeDetail, routeNotes } from './route-detail';
import { routeEntry } from './testing/fixtures';

const eventful = routeEntry({
  requestId: 'req-42',
  receivedAt: Date.parse('2024-03-05T10:00:00Z'),
  backend: 'openai:gpt-4o-mini',
  durationMs: 1520.4,
  ttftMs: 812,
  interTokenMs: 3.25,
  overheadMs: null,
  promptTokens: 12,
  completionTokens: 1,
  route: {
    policy: 'edge-first',
    selected: 'openai:gpt-4o-mini',
    failed: [{ backend: 'local:stories260k', workerId: 'local-1', code: 'backend_busy', ms: 4.2 }],
    skipped: [
      { backend: 'openai:gpt-4o', workerId: 'cloud-1', reason: 'rate_limited' },
      { backend: 'local:big', workerId: 'local-2', reason: 'context_too_small' },
    ],
    hedged: [{ backend: 'anthropic:claude-haiku', workerId: 'cloud-2' }],
    resumed: [{ from: 'openai:gpt-4o-mini', to: 'local:stories260k', code: 'timeout' }],
  },
});

describe('route notes', () => {
  it('lists failures with their codes, skips with their reasons, hedges and resumes', () => {
    expect(routeNotes(eventful)).toEqual([
      'failed local:stories260k: backend busy',
      'skipped openai:gpt-4o: rate limited',
      'skipped local:big: context too small',
      'hedged anthropic:claude-haiku (lost the race)',
      'resumed openai:gpt-4o-mini → local:stories260k (timeout)',
    ]);
  });

  it('is empty for a plain request or one without a routing decision', () => {
    expect(routeNotes(routeEntry())).toEqual([]);
    expect(routeNotes(routeEntry({ route: null }))).toEqual([]);
    expect(routeNotes(routeEntry({ route: { policy: 'fastest', selected: 'x', failed: [], skipped: [], hedged: [], resumed: [] } }))).toEqual([]);
  });
});

describe('route detail', () => {
  const lines = (label: string, entry = eventful) => routeDetail(entry, 'UTC').find((field) => field.label === label)?.lines;

  it('shows the whole decision with timings and units', () => {
    expect(lines('Request id')).toEqual(['req-42']);
    expect(lines('Received')).toEqual(['2024-03-05 10:00:00']);
    expect(lines('Key')).toEqual(['team-a (key_a)']);
    expect(lines('Endpoint')).toEqual(['chat/completions (streamed)']);
    expect(lines('Policy')).toEqual(['edge-first']);
    expect(lines('Failed attempts')).toEqual(['local:stories260k on local-1: backend busy after 4.2 ms']);
    expect(lines('Skipped')).toEqual(['openai:gpt-4o on cloud-1: rate limited', 'local:big on local-2: context too small']);
    expect(lines('Hedged (started, then cancelled)')).toEqual(['anthropic:claude-haiku on cloud-2']);
    expect(lines('Resumed')).toEqual(['openai:gpt-4o-mini → local:stories260k: timeout']);
    expect(lines('Duration')).toEqual(['1,520 ms']);
    expect(lines('Time to first token')).toEqual(['812 ms']);
    expect(lines('Inter-token')).toEqual(['3.3 ms']);
    expect(lines('Overhead')).toEqual(['—']);
    expect(lines('Tokens')).toEqual(['12 tokens prompt + 1 token completion = 13 tokens']);
  });

  it('says "none" for empty lists and explains a missing decision', () => {
    const plain = routeEntry({ keyName: null, keyId: 'open', status: 429, errorCode: 'rate_limit_exceeded', backend: null, route: null, streamed: false, endpoint: undefined, kind: 'embeddings' });
    expect(lines('Key', plain)).toEqual(['open']);
    expect(lines('Status', plain)).toEqual(['429 (rate limit exceeded)']);
    expect(lines('Selected backend', plain)).toEqual(['none']);
    expect(lines('Policy', plain)?.[0]).toMatch(/no routing decision/);
    expect(lines('Failed attempts', plain)).toBeUndefined();
    expect(lines('Endpoint', plain)).toEqual(['embeddings (not streamed)']);
    expect(lines('Skipped', routeEntry())).toEqual(['none']);
    expect(lines('Hedged (started, then cancelled)', routeEntry())).toEqual(['none']);
  });

  it('names an endpoint by its kind for old events', () => {
    expect(endpointText(routeEntry({ endpoint: undefined, kind: 'completion' }))).toBe('completions');
    expect(endpointText(routeEntry({ endpoint: 'messages', kind: 'chat' }))).toBe('messages');
    expect(codeText('rate_limit_exceeded')).toBe('rate limit exceeded');
  });
});
