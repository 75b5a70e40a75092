import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startTestNats, workspaceRoot, type TestNats } from '@switchyard/testing';
import { connect } from 'nats';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as `npm run keys` runs it: a separate Node process. */
function keys(args: string[], env: Record<string, string>, command: string[] = [process.execPath, join(workspaceRoot(), 'tools', 'keys', 'run.cjs')]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], [...command.slice(1), ...args], { cwd: workspaceRoot(), env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const KEY = /^sk-sy-[0-9A-Za-z]{48}$/;

describe('npm run keys (the real CLI process against NATS)', () => {
  let nats: TestNats;
  let env: Record<string, string>;
  const bucket = `test_cli_keys_${process.pid}_${Date.now().toString(36)}`;

  beforeAll(async () => {
    nats = await startTestNats();
    env = { NATS_URL: nats.url, SWITCHYARD_GATEWAY__KEYS_BUCKET: bucket };
  });

  afterAll(async () => {
    const nc = await connect({ servers: nats.url });
    await (await nc.jetstreamManager()).streams.delete(`KV_${bucket}`).catch(() => undefined);
    await nc.close();
    await nats.stop();
  });

  it('creates, lists and revokes a key', async () => {
    const created = await keys(['create', '--name', 'team-a', '--rpm', '60', '--tpm', '150000', '--rpd', '3500', '--models', 'local:stories260k,openai:*'], env);
    expect(created).toMatchObject({ code: 0, stderr: expect.stringContaining('Created key "team-a" (key_') });
    const key = created.stdout.trim();
    expect(key).toMatch(KEY);
    expect(created.stderr).toContain('Store the key now: it is shown only once');

    const listed = await keys(['list'], env);
    expect(listed.code).toBe(0);
    const [header, row] = listed.stdout.trim().split('\n');
    expect(header.split(/\s+/)).toEqual(['ID', 'NAME', 'KEY', 'RPM', 'TPM', 'RPD', 'MODELS', 'CREATED', 'REVOKED']);
    expect(row.split(/\s+/)).toEqual([expect.stringMatching(/^key_/), 'team-a', `${key.slice(0, 10)}…`, '60', '150000', '3500', 'local:stories260k,openai:*', expect.any(String), '-']);
    expect(listed.stdout).not.toContain(key.slice(10));

    const revoked = await keys(['revoke', 'team-a'], env);
    expect(revoked).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Revoked key "team-a" \(key_\w+\); gateways refuse it within about a second\.\n$/) });

    const json = await keys(['list', '--json'], env);
    const records = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(records).toEqual([
      {
        id: expect.stringMatching(/^key_/),
        name: 'team-a',
        prefix: key.slice(0, 10),
        createdAt: expect.any(String),
        revokedAt: expect.any(String),
        limits: { rpm: 60, tpm: 150_000, rpd: 3_500 },
        models: ['local:stories260k', 'openai:*'],
      },
    ]);
    expect(json.stdout).not.toContain('hash');

    const again = await keys(['revoke', String(records[0]['id'])], env);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('was already revoked') });
  });

  it('runs through the npm script, with the default limits', async () => {
    const run = await keys(['create', '--name', 'via-npm'], env, ['npm', 'run', '-s', 'keys', '--']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(KEY);
    expect(run.stderr).toContain('limits: 60 requests/min, 150000 tokens/min, 3500 requests/day');
    expect(run.stderr).toContain('models: all');
  });

  it.each<[string, string[], number, RegExp]>([
    ['a missing name', ['create'], 2, /^keys: create needs --name <name>\nRun "npm run keys -- help" for usage\.\n$/],
    ['a bad limit', ['create', '--name', 'x', '--rpm', 'ten'], 2, /--rpm must be a whole number/],
    ['an unknown command', ['delete', 'x'], 2, /unknown command "delete"/],
    ['an unknown key', ['revoke', 'nobody'], 1, /^keys: no key with id or name "nobody"\n$/],
    ['a duplicate name', ['create', '--name', 'via-npm'], 1, /a key named "via-npm" already exists/],
    ['a bad model pattern', ['create', '--name', 'y', '--models', 'open ai:*'], 1, /invalid model pattern "open ai:\*"/],
  ])('fails clearly on %s', async (_name, args, code, message) => {
    const run = await keys(args, env);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('says when NATS cannot be reached', async () => {
    const run = await keys(['list'], { ...env, NATS_URL: 'nats://127.0.0.1:1' });
    expect(run).toMatchObject({ code: 1, stderr: 'keys: cannot reach NATS at nats://127.0.0.1:1: CONNECTION_REFUSED\n' });
  });

  it('says when the configuration is wrong', async () => {
    const run = await keys(['list'], { ...env, SWITCHYARD_GATEWAY__KV_REPLICAS: 'many' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"gateway.kvReplicas" from environment variable SWITCHYARD_GATEWAY__KV_REPLICAS');
  });
});
