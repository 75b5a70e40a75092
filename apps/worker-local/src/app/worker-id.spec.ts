import { WORKER_ID_PATTERN } from '@switchyard/contracts';
import { defaultWorkerId } from './worker-id';

describe('defaultWorkerId', () => {
  it.each<[string, string, number, string]>([
    ['a plain host name', 'gpu-box', 4242, 'local-gpu-box-4242'],
    ['dots in a domain name', 'node1.example.com', 7, 'local-node1-example-com-7'],
    ['spaces and symbols', 'my host@lab', 1, 'local-my-host-lab-1'],
    ['an empty host name', '', 9, 'local-host-9'],
    ['underscores kept', 'rack_3', 12, 'local-rack_3-12'],
  ])('builds an id from %s', (_name, hostname, pid, expected) => {
    expect(defaultWorkerId(hostname, pid)).toBe(expected);
  });

  it('cuts a long host name but keeps the pid, within the contract pattern', () => {
    const id = defaultWorkerId('h'.repeat(200), 123456);
    expect(id).toHaveLength(64);
    expect(id.endsWith('-123456')).toBe(true);
    expect(WORKER_ID_PATTERN.test(id)).toBe(true);
  });
});
