import type { KV, NatsConnection } from 'nats';
import { startTestNats, waitFor, type TestNats } from '@switchyard/testing';
import { openKeysBucket } from './buckets';
import { KeyDirectory } from './key-directory';
import { generateApiKey } from './key-format';
import { KeyStore } from './key-store';
import { connectTest, destroyBuckets, uniqueBucket } from './testing/kv-fixture';

describe('KeyDirectory (real NATS JetStream)', () => {
  let nats: TestNats;
  let admin: NatsConnection;
  let replicaA: NatsConnection;
  let replicaB: NatsConnection;
  let store: KeyStore;
  let adminKv: KV;
  const directories: KeyDirectory[] = [];
  const bucket = uniqueBucket('dir');

  async function openDirectory(nc: NatsConnection, problems: string[] = []): Promise<KeyDirectory> {
    const directory = await KeyDirectory.open(await openKeysBucket(nc, { bucket }), { onProblem: (message) => problems.push(message) });
    directories.push(directory);
    return directory;
  }

  beforeAll(async () => {
    nats = await startTestNats();
    [admin, replicaA, replicaB] = await Promise.all([connectTest(nats.url), connectTest(nats.url), connectTest(nats.url)]);
    adminKv = await openKeysBucket(admin, { bucket });
    store = new KeyStore(adminKv);
  });

  afterAll(async () => {
    for (const directory of directories) directory.stop();
    await destroyBuckets(admin, [bucket]);
    await Promise.all([admin.close(), replicaA.close(), replicaB.close()]);
    await nats.stop();
  });

  it('starts empty on an empty bucket', async () => {
    const directory = await openDirectory(replicaA);
    expect(directory.size).toBe(0);
    expect(directory.authenticate(generateApiKey())).toBeUndefined();
  });

  it('loads existing keys, and sees keys created later on every replica', async () => {
    const first = await store.create({ name: 'first' });
    const [a, b] = [await openDirectory(replicaA), await openDirectory(replicaB)];
    expect(a.authenticate(first.key)?.id).toBe(first.record.id);
    const second = await store.create({ name: 'second', models: ['auto'] });
    await waitFor(() => a.authenticate(second.key) !== undefined && b.authenticate(second.key) !== undefined, 1_000, 'the new key on both replicas');
    expect(b.authenticate(second.key)).toEqual(second.record);
    expect(a.size).toBe(2);
  });

  it('refuses a revoked key on every replica within a second, and still counts it', async () => {
    const { key } = await store.create({ name: 'doomed' });
    const [a, b] = [await openDirectory(replicaA), await openDirectory(replicaB)];
    expect(a.authenticate(key)).toBeDefined();
    const started = Date.now();
    await store.revoke('doomed');
    await waitFor(() => a.authenticate(key) === undefined && b.authenticate(key) === undefined, 1_000, 'the revocation on both replicas');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(a.size).toBe(3);
  });

  it.each<[string, (key: string) => string]>([
    ['a key one character off', (key) => key.slice(0, -1) + (key.endsWith('a') ? 'b' : 'a')],
    ['the hash instead of the key', () => 'a'.repeat(64)],
    ['the key with spaces around it', (key) => ` ${key} `],
    ['the display prefix', (key) => key.slice(0, 10)],
  ])('refuses %s', async (_name, alter) => {
    const { key } = await store.create({ name: `near-${Math.random().toString(36).slice(2, 8)}` });
    const directory = await openDirectory(replicaA);
    expect(directory.authenticate(key)).toBeDefined();
    expect(directory.authenticate(alter(key))).toBeUndefined();
  });

  it('ignores a record it cannot read, and forgets a deleted one', async () => {
    const problems: string[] = [];
    const directory = await openDirectory(replicaA, problems);
    const before = directory.size;
    await adminKv.put('key_BROKENBROKEN0000', new TextEncoder().encode('{"not":"a record"}'));
    await waitFor(() => problems.length > 0, 1_000, 'the problem to be reported');
    expect(problems).toEqual(['ignoring a key record that does not parse']);
    expect(directory.size).toBe(before);
    const { key, record } = await store.create({ name: 'deleted' });
    await waitFor(() => directory.authenticate(key) !== undefined, 1_000, 'the key');
    await adminKv.delete(record.id);
    await waitFor(() => directory.authenticate(key) === undefined, 1_000, 'the deletion');
    expect(directory.get(record.id)).toBeUndefined();
  });
});
