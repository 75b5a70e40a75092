import { ProbeSchedule } from './probe-schedule';

describe('ProbeSchedule', () => {
  const timing = { intervalMs: 30_000, reprobeFirstMs: 250, reprobeMaxMs: 1_000 };

  it('probes every interval while the provider answers', () => {
    const schedule = new ProbeSchedule(timing);
    expect([schedule.next(true), schedule.next(true)]).toEqual([30_000, 30_000]);
  });

  it('probes soon once it does not, then twice as late each time, up to the most, and starts over when it answers', () => {
    const schedule = new ProbeSchedule(timing);
    expect([false, false, false, false].map((reachable) => schedule.next(reachable))).toEqual([250, 500, 1_000, 1_000]);
    expect(schedule.next(true)).toBe(30_000);
    expect(schedule.next(false)).toBe(250);
  });
});
