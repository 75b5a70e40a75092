import { WORKER_ID_PATTERN } from './subjects';
import { defaultWorkerId } from './worker-id';

describe('defaultWorkerId', () => {
  it.each([
    ['local', 'vm', 42, 'local-vm-42'],
    ['cloud-openai', 'ip-10-0-0-1.ec2.internal', 7, 'cloud-openai-ip-10-0-0-1-ec2-internal-7'],
    ['local', '', 1, 'local-host-1'],
  ])('%s on %s (pid %i) → %s', (prefix, host, pid, expected) => {
    expect(defaultWorkerId(prefix, host, pid)).toBe(expected);
  });

  it('cuts a long host name, never the pid, and stays subject-safe', () => {
    const id = defaultWorkerId('cloud-anthropic', 'h'.repeat(200), 4_194_303);
    expect(id).toHaveLength(64);
    expect(id.endsWith('-4194303')).toBe(true);
    expect(WORKER_ID_PATTERN.test(id)).toBe(true);
  });
});
