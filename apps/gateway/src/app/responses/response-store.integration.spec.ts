import { createLogger } from '@switchyard/observability';
import { startTestNats, type TestNats } from '@switchyard/testing';
import { connect } from 'nats';
import { ResponseStore } from './response-store';
import type { StoredResponse } from './stored-response';

jest.setTimeout(30_000);

function stored(id: string, owner: string, previous: string[] = [], text = 'Hi'): StoredResponse {
  return {
    owner,
    response: { id, object: 'response', output: [{ id: `msg_${id}`, type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: `answer to ${text}`, annotations: [] }] }] },
    input: [{ id: `in_${id}`, type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text }] }],
    previous,
  };
}

describe('ResponseStore (real JetStream)', () => {
  let nats: TestNats;
  let store: ResponseStore;
  const bucket = `test_responses_${process.pid}_${Date.now().toString(36)}`;

  beforeAll(async () => {
    nats = await startTestNats();
    store = new ResponseStore({ nats: { url: nats.url }, bucket, ttlMs: 60_000, replicas: 1 }, createLogger('test', 'silent'));
  });

  afterAll(async () => {
    await store.onApplicationShutdown();
    const nc = await connect({ servers: nats.url });
    const jsm = await nc.jetstreamManager();
    for (const stream of [`KV_${bucket}`, `OBJ_${bucket}`]) await jsm.streams.delete(stream).catch(() => undefined);
    await nc.close();
    await nats.stop();
  });

  it('keeps a response for its owner only, with the bucket’s age limit', async () => {
    await store.save(stored('resp_a1', 'key_a'));
    expect(await store.find('resp_a1', 'key_a')).toEqual(stored('resp_a1', 'key_a'));
    expect(await store.find('resp_a1', 'key_b')).toBeUndefined();
    expect(await store.find('resp_missing', 'key_a')).toBeUndefined();
    expect(await store.find('../not-an-id', 'key_a')).toBeUndefined();
    const nc = await connect({ servers: nats.url });
    const info = await (await nc.jetstreamManager()).streams.info(`KV_${bucket}`);
    expect(info.config.max_age).toBe(60_000 * 1_000_000);
    await nc.close();
  });

  it('gives the chain a continuation builds on, oldest first, and names what is gone', async () => {
    await store.save(stored('resp_c1', 'key_a', [], 'one'));
    await store.save(stored('resp_c2', 'key_a', ['resp_c1'], 'two'));
    await store.save(stored('resp_c3', 'key_a', ['resp_c1', 'resp_c2'], 'three'));
    const found = await store.chain('resp_c3', 'key_a');
    expect(found?.chain.map((s) => s.response.id)).toEqual(['resp_c1', 'resp_c2', 'resp_c3']);
    expect(found?.missing).toEqual([]);
    expect(await store.chain('resp_c3', 'key_b')).toBeUndefined();
    expect(await store.remove('resp_c2', 'key_b')).toBe(false);
    expect(await store.remove('resp_c2', 'key_a')).toBe(true);
    expect(await store.find('resp_c2', 'key_a')).toBeUndefined();
    expect(await store.remove('resp_c2', 'key_a')).toBe(false);
    const after = await store.chain('resp_c3', 'key_a');
    expect(after?.chain.map((s) => s.response.id)).toEqual(['resp_c1', 'resp_c3']);
    expect(after?.missing).toEqual(['resp_c2']);
  });

  it('keeps a record larger than a NATS message in the object store, for its owner only, and deletes it', async () => {
    const big = stored('resp_big', 'key_a', [], 'x'.repeat(1_500_000));
    await store.save(big);
    expect(await store.find('resp_big', 'key_a')).toEqual(big);
    expect(await store.find('resp_big', 'key_b')).toBeUndefined();
    expect(await store.remove('resp_big', 'key_a')).toBe(true);
    expect(await store.find('resp_big', 'key_a')).toBeUndefined();
  });

  it('fails with ResponseStoreUnavailable when NATS cannot be reached', async () => {
    const nowhere = new ResponseStore({ nats: { url: 'nats://127.0.0.1:1' }, bucket, ttlMs: 60_000, replicas: 1 }, createLogger('test', 'silent'));
    await expect(nowhere.find('resp_a1', 'key_a')).rejects.toThrow(/stored responses are unavailable/);
  });
});
