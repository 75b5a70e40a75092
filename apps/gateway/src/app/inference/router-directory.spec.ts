import { ROUTER_TTL_MS, RouterDirectory, SUSPECT_MS } from './router-directory';

const beat = (routerId: string, draining = false) => ({ routerId, subject: `s.${routerId}`, draining, intervalMs: 500, sentAt: 1 });

describe('RouterDirectory', () => {
  let now: number;
  let directory: RouterDirectory;

  beforeEach(() => {
    now = 1_000_000;
    directory = new RouterDirectory();
    directory.now = () => now;
  });

  it('takes turns among live routers, and skips the excluded', () => {
    directory.record(beat('b'));
    directory.record(beat('a'));
    expect([1, 2, 3, 4].map(() => directory.pick())).toEqual(['a', 'b', 'a', 'b']);
    expect(directory.pick(new Set(['a']))).toBe('b');
    expect(directory.pick(new Set(['a', 'b']))).toBeUndefined();
  });

  it('forgets a router that stops heartbeating', () => {
    directory.record(beat('a'));
    now += ROUTER_TTL_MS - 1;
    expect(directory.pick()).toBe('a');
    now += 1;
    expect(directory.pick()).toBeUndefined();
    expect(directory.size).toBe(0);
  });

  it('passes over a suspect router while another is trusted, and uses it when it is the only one left', () => {
    directory.record(beat('a'));
    directory.record(beat('b'));
    directory.suspect('a');
    expect([1, 2, 3].map(() => directory.pick())).toEqual(['b', 'b', 'b']);
    expect(directory.pick(new Set(['b']))).toBe('a');
    now += SUSPECT_MS;
    directory.record(beat('a'));
    directory.record(beat('b'));
    expect(new Set([1, 2].map(() => directory.pick()))).toEqual(new Set(['a', 'b']));
  });
});
