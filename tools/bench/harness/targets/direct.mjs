// Target "direct": load straight at the fake upstream, the floor every other target is compared with.
// Its process is the fake upstream itself (the one whose memory is read).

/** @param {{ upstream: { url: string, proc: { pid: number } } }} ctx */
export async function startDirect({ upstream }) {
  return {
    name: 'direct',
    title: 'direct (fake upstream)',
    baseUrl: upstream.url,
    headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
    model: (shape) => shape,
    processes: [{ role: 'fake upstream', pid: upstream.proc.pid }],
    mainPid: upstream.proc.pid,
    notes: [],
    stop: async () => undefined,
  };
}
