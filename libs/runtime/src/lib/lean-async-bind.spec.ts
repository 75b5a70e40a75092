import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { installLeanAsyncResourceBind } from './lean-async-bind';

describe('installLeanAsyncResourceBind', () => {
  beforeAll(() => installLeanAsyncResourceBind());

  it('runs the bound function in the async context it was bound in, whoever calls it later', async () => {
    const storage = new AsyncLocalStorage<string>();
    const bound = storage.run('request-1', () => AsyncResource.bind(() => storage.getStore()));
    const seen = await storage.run('request-2', () => new Promise<string | undefined>((resolve) => setImmediate(() => resolve(bound()))));
    expect(seen).toBe('request-1');
  });

  it('keeps the caller’s this and arguments, or the given thisArg, and the length of fn', () => {
    const resource = new AsyncResource('test');
    function add(this: { base: number }, a: number, b: number): number {
      return this.base + a + b;
    }
    const unbound = resource.bind(add);
    expect(unbound.call({ base: 100 }, 1, 2)).toBe(103);
    // Node's bind takes a thisArg; @types/node does not declare it.
    const bindWithThis = resource.bind.bind(resource) as unknown as (fn: typeof add, thisArg: { base: number }) => (a: number, b: number) => number;
    const boundToTen = bindWithThis(add, { base: 10 });
    expect(boundToTen(1, 2)).toBe(13);
    expect(unbound.length).toBe(2);
  });

  it('no longer builds the deprecated asyncResource property, and still refuses a non-function', () => {
    expect(Object.getOwnPropertyDescriptor(AsyncResource.bind(() => 1), 'asyncResource')).toBeUndefined();
    expect(() => new AsyncResource('test').bind(42 as never)).toThrow(TypeError);
  });
});
