import { filterChoices, filterRoutes, keyLabel, mergeRoutes, NO_FILTER, prependRoute, ROUTES_CAP } from './routes';
import { routeEntry } from './testing/fixtures';

const at = (requestId: string, receivedAt: number, extra = {}) => routeEntry({ requestId, receivedAt, durationMs: 0, ...extra });

describe('routes list', () => {
  it('prepends feed events, once each, capped', () => {
    let list = [at('a', 1)];
    list = prependRoute(list, at('b', 2));
    list = prependRoute(list, at('a', 1));
    expect(list.map((e) => e.requestId)).toEqual(['a', 'b']);
    let many = list;
    for (let i = 0; i < ROUTES_CAP + 20; i++) many = prependRoute(many, at(`r${i}`, 10 + i));
    expect(many).toHaveLength(ROUTES_CAP);
    expect(many[0].requestId).toBe(`r${ROUTES_CAP + 19}`);
  });

  it('merges a fetched list with events already shown, newest finish first, without duplicates', () => {
    const shown = [at('live-2', 50), at('live-1', 40)];
    const fetched = [at('live-2', 50), at('old-2', 20), routeEntry({ requestId: 'slow', receivedAt: 10, durationMs: 35 })];
    expect(mergeRoutes(shown, fetched).map((e) => e.requestId)).toEqual(['live-2', 'slow', 'live-1', 'old-2']);
    expect(mergeRoutes(shown, fetched, 2)).toHaveLength(2);
  });

  it('labels a key by name, or by id when it has none', () => {
    expect(keyLabel(routeEntry({ keyName: 'team-a' }))).toBe('team-a');
    expect(keyLabel(routeEntry({ keyName: null, keyId: 'admin' }))).toBe('admin');
  });

  describe('filters', () => {
    const list = [
      routeEntry({ requestId: '1', keyName: 'Team-A', keyId: 'key_1', requestedModel: 'auto', backend: 'local:stories260k', status: 200 }),
      routeEntry({ requestId: '2', keyName: null, keyId: 'admin', requestedModel: 'gpt-4o-mini', backend: 'openai:gpt-4o-mini', status: 200 }),
      routeEntry({ requestId: '3', keyName: 'team-b', keyId: 'key_2', requestedModel: 'auto', backend: null, status: 503, errorCode: 'service_unavailable' }),
      // A stream that started (200) and failed later counts as an error.
      routeEntry({ requestId: '4', keyName: 'team-b', keyId: 'key_2', requestedModel: 'Auto', backend: 'local:stories260k', status: 200, errorCode: 'upstream_error' }),
    ];
    const ids = (filter: Partial<typeof NO_FILTER>) => filterRoutes(list, { ...NO_FILTER, ...filter }).map((e) => e.requestId);

    it('filters nothing when empty', () => expect(ids({})).toEqual(['1', '2', '3', '4']));
    it('matches part of a key name or id, any case', () => {
      expect(ids({ key: 'team-a' })).toEqual(['1']);
      expect(ids({ key: 'KEY_2' })).toEqual(['3', '4']);
      expect(ids({ key: ' admin ' })).toEqual(['2']);
    });
    it('matches part of the requested model, any case', () => expect(ids({ model: 'auto' })).toEqual(['1', '3', '4']));
    it('matches an exact backend, or none', () => {
      expect(ids({ backend: 'local:stories260k' })).toEqual(['1', '4']);
      expect(ids({ backend: 'none' })).toEqual(['3']);
      expect(ids({ backend: 'local' })).toEqual([]);
    });
    it('matches ok, error or an exact status', () => {
      expect(ids({ status: 'ok' })).toEqual(['1', '2']);
      expect(ids({ status: 'error' })).toEqual(['3', '4']);
      expect(ids({ status: '503' })).toEqual(['3']);
    });
    it('combines filters', () => expect(ids({ key: 'team-b', backend: 'local:stories260k', status: 'error' })).toEqual(['4']));
    it('offers the backends and statuses the list holds', () =>
      expect(filterChoices(list)).toEqual({ backends: ['local:stories260k', 'none', 'openai:gpt-4o-mini'], statuses: [200, 503] }));
  });
});
