import { parseArgs, UsageError } from './args';

describe('parseArgs', () => {
  it.each<[string, string[], ReturnType<typeof parseArgs>]>([
    ['nothing: help', [], { command: { command: 'help' }, options: {} }],
    ['help', ['help'], { command: { command: 'help' }, options: {} }],
    ['--help', ['--help'], { command: { command: 'help' }, options: {} }],
    ['--help after a command', ['create', '--help'], { command: { command: 'help' }, options: {} }],
    [
      'create with everything',
      ['create', '--name', 'team-a', '--rpm', '60', '--tpm', '150000', '--rpd', '3500', '--models', 'local:stories260k,openai:*'],
      {
        command: { command: 'create', name: 'team-a', rpm: 60, tpm: 150_000, rpd: 3_500, models: ['local:stories260k', 'openai:*'] },
        options: { nats: undefined, bucket: undefined },
      },
    ],
    [
      'create with --flag=value and spaces in the model list',
      ['create', '--name=ops', '--models=auto, fast ,'],
      { command: { command: 'create', name: 'ops', rpm: undefined, tpm: undefined, rpd: undefined, models: ['auto', 'fast'] }, options: { nats: undefined, bucket: undefined } },
    ],
    ['list', ['list'], { command: { command: 'list', json: false }, options: { nats: undefined, bucket: undefined } }],
    [
      'list --json with a NATS URL and bucket',
      ['list', '--json', '--nats', 'nats://h:4222', '--bucket', 'b'],
      { command: { command: 'list', json: true }, options: { nats: 'nats://h:4222', bucket: 'b' } },
    ],
    ['revoke by name', ['revoke', 'team-a'], { command: { command: 'revoke', target: 'team-a' }, options: { nats: undefined, bucket: undefined } }],
  ])('reads %s', (_name, argv, expected) => {
    expect(parseArgs(argv)).toEqual(expected);
  });

  it.each<[string, string[], string]>([
    ['an unknown command', ['make'], 'unknown command "make" (use create, list or revoke)'],
    ['create without a name', ['create'], 'create needs --name <name>'],
    ['a name given as a positional', ['create', 'team-a'], 'create takes no positional argument (got "team-a"); name the key with --name'],
    ['a zero limit', ['create', '--name', 'a', '--rpm', '0'], '--rpm must be a whole number of at least 1, not "0"'],
    ['a fractional limit', ['create', '--name', 'a', '--tpm', '1.5'], '--tpm must be a whole number of at least 1, not "1.5"'],
    ['a negative limit', ['create', '--name', 'a', '--rpd', '-3'], '--rpd must be a whole number of at least 1, not "-3"'],
    ['a word for a limit', ['create', '--name', 'a', '--rpm', 'lots'], '--rpm must be a whole number of at least 1, not "lots"'],
    ['a missing value', ['create', '--name'], '--name needs a value'],
    ['a flag as a value', ['create', '--name', '--rpm', '3'], '--name needs a value'],
    ['an unknown option', ['list', '--all'], 'unknown option --all'],
    ['an option of another command', ['list', '--rpm', '3'], 'list does not take --rpm'],
    ['a repeated option', ['create', '--name', 'a', '--name', 'b'], '--name is given twice'],
    ['a value for a switch', ['list', '--json=yes'], '--json takes no value'],
    ['revoke without a target', ['revoke'], 'revoke needs exactly one key id or name'],
    ['revoke with two targets', ['revoke', 'a', 'b'], 'revoke needs exactly one key id or name'],
  ])('refuses %s', (_name, argv, message) => {
    expect(() => parseArgs(argv)).toThrow(new UsageError(message));
  });
});
