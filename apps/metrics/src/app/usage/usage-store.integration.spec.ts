import { startPrivateNats, type TestNats } from '@switchyard/testing';
import { connect, type KV, type NatsConnection } from 'nats';
import { openUsageBucket } from '../jetstream/jetstream-setup';
import type { UsageRecord } from './usage-record';
import { KvUsageStore } from './usage-store';

const one = (date: string, keyId: string, model: string, promptTokens = 1): UsageRecord => ({ date, keyId, model, requests: 1, promptTokens, completionTokens: 2 });

describe('KvUsageStore over JetStream KV', () => {
  let nats: TestNats;
  const connections: NatsConnection[] = [];
  let kv: KV;

  const open = async (): Promise<KvUsageStore> => {
    const nc = await connect({ servers: nats.url });
    connections.push(nc);
    kv = await openUsageBucket(nc, { bucket: 'usage_store_test', replicas: 1, retentionDays: 400 });
    return new KvUsageStore(kv);
  };

  beforeAll(async () => {
    nats = await startPrivateNats();
  });

  afterAll(async () => {
    for (const nc of connections) await nc.close();
    await nats?.stop();
  });

  it('loses no count when two replicas update one entry at the same time (compare-and-set)', async () => {
    const [a, b] = [await open(), await open()];
    const replica = async (store: KvUsageStore): Promise<void> => {
      for (let i = 0; i < 50; i++) await store.add(one('2025-03-14', 'key_race', 'local:x'));
    };
    await Promise.all([replica(a), replica(b)]);
    expect(await a.read({ days: ['2025-03-14'], keyId: 'key_race' })).toEqual([
      { date: '2025-03-14', keyId: 'key_race', model: 'local:x', requests: 100, promptTokens: 100, completionTokens: 200 },
    ]);
  });

  it('reads by day and key, models with any characters, and skips entries that are not records', async () => {
    const store = await open();
    await store.add(one('2025-03-13', 'key_read', 'openrouter:meta-llama/llama-3.1-8b', 5));
    await store.add(one('2025-03-14', 'key_read', 'local:x', 7));
    await store.add(one('2025-03-14', 'key_other', 'local:x', 9));
    await kv.put('2025-03-14.key_read.junk', new TextEncoder().encode('{"not":"a record"}'));
    const byKey = await store.read({ days: ['2025-03-13', '2025-03-14'], keyId: 'key_read' });
    expect(byKey.map((r) => `${r.date} ${r.model} ${r.promptTokens}`).sort()).toEqual(['2025-03-13 openrouter:meta-llama/llama-3.1-8b 5', '2025-03-14 local:x 7']);
    const allKeys = await store.read({ days: ['2025-03-14'] });
    expect(allKeys.filter((r) => r.model === 'local:x').map((r) => r.keyId).sort()).toEqual(['key_other', 'key_race', 'key_read']);
    const longRange = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2025, 1, 20 + i)).toISOString().slice(0, 10));
    expect((await store.read({ days: longRange, keyId: 'key_read' })).length).toBe(2);
    expect(await store.read({ days: ['2024-01-01'] })).toEqual([]);
  });
});
