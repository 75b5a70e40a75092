import { EventChannel } from './event-channel';

async function drain<T>(channel: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of channel) out.push(item);
  return out;
}

describe('EventChannel', () => {
  it('delivers items pushed before iteration, then ends on close', async () => {
    const channel = new EventChannel<number>();
    channel.push(1);
    channel.push(2);
    channel.close(3);
    await expect(drain(channel)).resolves.toEqual([1, 2, 3]);
  });

  it('delivers items pushed while the consumer waits', async () => {
    const channel = new EventChannel<string>();
    const result = drain(channel);
    setTimeout(() => channel.push('a'), 5);
    setTimeout(() => channel.push('b'), 10);
    setTimeout(() => channel.close(), 15);
    await expect(result).resolves.toEqual(['a', 'b']);
  });

  it('throws a failure after the items already pushed', async () => {
    const channel = new EventChannel<number>();
    const seen: number[] = [];
    const consume = (async () => {
      for await (const item of channel) seen.push(item);
    })();
    channel.push(1);
    channel.fail(new Error('boom'));
    await expect(consume).rejects.toThrow('boom');
    expect(seen).toEqual([1]);
  });

  it('ignores pushes and failures after close', async () => {
    const channel = new EventChannel<number>();
    channel.close();
    channel.push(1);
    channel.fail(new Error('late'));
    await expect(drain(channel)).resolves.toEqual([]);
  });
});
