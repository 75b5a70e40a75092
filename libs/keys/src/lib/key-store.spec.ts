import type { KV, NatsConnection } from 'nats';
import { startTestNats, type TestNats } from '@switchyard/testing';
import { openKeysBucket } from './buckets';
import { hashApiKey } from './key-format';
import { KeyStore, KeyStoreError } from './key-store';
import { connectTest, destroyBuckets, uniqueBucket } from './testing/kv-fixture';

describe('KeyStore (real NATS JetStream)', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let kv: KV;
  let store: KeyStore;
  const bucket = uniqueBucket('keys');
  let clock = new Date('2025-03-01T10:00:00.000Z');
  const created: string[] = [];

  beforeAll(async () => {
    nats = await startTestNats();
    nc = await connectTest(nats.url);
    kv = await openKeysBucket(nc, { bucket });
    store = new KeyStore(kv, () => clock);
  });

  afterAll(async () => {
    await destroyBuckets(nc, [bucket]);
    await nc.close();
    await nats.stop();
  });

  it('creates the bucket with a few revisions of history', async () => {
    const status = await kv.status();
    expect(status.history).toBe(5);
    expect(status.replicas).toBe(1);
  });

  it('returns the key once and stores only its hash: the raw KV bytes never hold the key', async () => {
    const { key, record } = await store.create({ name: 'team-a', limits: { rpm: 10 }, models: ['local:stories260k', 'openai:*'] });
    created.push(key);
    expect(key).toMatch(/^sk-sy-[0-9A-Za-z]{48}$/);
    expect(record).toEqual({
      id: expect.stringMatching(/^key_/),
      name: 'team-a',
      hash: hashApiKey(key),
      prefix: key.slice(0, 10),
      createdAt: '2025-03-01T10:00:00.000Z',
      limits: { rpm: 10, tpm: 150_000, rpd: 3_500 },
      models: ['local:stories260k', 'openai:*'],
    });
    const raw = Buffer.from((await kv.get(record.id))?.value ?? new Uint8Array()).toString('utf8');
    expect(raw).toContain(record.hash);
    expect(raw).not.toContain(key);
    expect(raw).not.toContain(key.slice(10));
    expect(raw).not.toContain(key.slice(-12));
  });

  it('lists every key, oldest first, without secrets', async () => {
    clock = new Date('2025-03-01T11:00:00.000Z');
    created.push((await store.create({ name: 'team-b' })).key);
    const list = await store.list();
    expect(list.map((r) => r.name)).toEqual(['team-a', 'team-b']);
    expect(list[1].limits).toEqual({ rpm: 60, tpm: 150_000, rpd: 3_500 });
    expect(list[1].models).toEqual([]);
  });

  it('refuses a second active key with the same name', async () => {
    await expect(store.create({ name: 'team-a' })).rejects.toThrow(new KeyStoreError('a key named "team-a" already exists; revoke it first or choose another name'));
  });

  it('takes the default for each limit left out or undefined', async () => {
    const { record } = await store.create({ name: 'partial', limits: { rpm: 5, tpm: undefined } });
    expect(record.limits).toEqual({ rpm: 5, tpm: 150_000, rpd: 3_500 });
    await store.revoke('partial');
  });

  it.each<[string, Parameters<KeyStore['create']>[0], RegExp]>([
    ['a bad name', { name: 'team a' }, /^invalid name: /],
    ['a zero limit', { name: 'z', limits: { rpm: 0 } }, /^invalid limits: /],
    ['a fractional limit', { name: 'z', limits: { tpm: 1.5 } }, /^invalid limits: /],
    ['a bad model pattern', { name: 'z', models: ['open ai:*'] }, /^invalid model pattern "open ai:\*": /],
  ])('refuses %s', async (_name, input, message) => {
    await expect(store.create(input)).rejects.toThrow(message);
  });

  it('revokes by name, then by id is already done; the name can be used again', async () => {
    clock = new Date('2025-03-02T09:00:00.000Z');
    const revoked = await store.revoke('team-a');
    expect(revoked.alreadyRevoked).toBe(false);
    expect(revoked.record.revokedAt).toBe('2025-03-02T09:00:00.000Z');
    expect((await store.revoke(revoked.record.id)).alreadyRevoked).toBe(true);
    const again = await store.create({ name: 'team-a' });
    created.push(again.key);
    expect((await store.revoke('team-a')).record.id).toBe(again.record.id);
  });

  it('never wrote a key into any revision of the bucket', async () => {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(`KV_${bucket}`);
    expect(info.state.messages).toBeGreaterThanOrEqual(5);
    const everything: string[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(`KV_${bucket}`, { seq });
      everything.push(Buffer.from(message.data).toString('utf8'));
    }
    const text = everything.join('\n');
    expect(created).toHaveLength(3);
    for (const key of created) {
      expect(text).toContain(hashApiKey(key));
      expect(text).not.toContain(key.slice(6));
    }
  });

  it('says which key it cannot find', async () => {
    await expect(store.revoke('nobody')).rejects.toThrow(new KeyStoreError('no key with id or name "nobody"'));
    await expect(store.revoke('key_AAAAAAAAAAAAAAAA')).rejects.toThrow(KeyStoreError);
  });
});
