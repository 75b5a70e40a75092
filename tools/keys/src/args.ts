/** A command line the user got wrong; the message says how, and the process exits with status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What `npm run keys -- …` was asked to do. */
export type Command =
  | { command: 'help' }
  | { command: 'create'; name: string; rpm?: number; tpm?: number; rpd?: number; models: string[] }
  | { command: 'list'; json: boolean }
  | { command: 'revoke'; target: string };

/** Options every command takes. */
export interface CommonOptions {
  /** NATS URL, overriding the configuration. */
  nats?: string;
  /** Keys bucket, overriding `gateway.keysBucket`. */
  bucket?: string;
}

export const USAGE = `Usage: npm run keys -- <command> [options]

Commands:
  create --name <name> [--rpm <n>] [--tpm <n>] [--rpd <n>] [--models <a,b,…>]
      Creates an API key and prints it once. Limits default to 60 requests/min,
      150000 tokens/min and 3500 requests/day. --models limits the key to these
      models: exact names (local:stories260k, auto, an alias) or provider:* (all
      of a provider's models); without it the key may use every model.
  list [--json]
      Lists every key: id, name, the first characters of the key, limits,
      models, when it was created and revoked. Never the keys themselves.
  revoke <id or name>
      Revokes a key; every gateway refuses it within about a second.
  help
      Shows this text.

Options (every command):
  --nats <url>      NATS server (default: NATS_URL, else nats.url from switchyard.yaml)
  --bucket <name>   keys bucket (default: gateway.keysBucket, switchyard_keys)
`;

const FLAGS: Record<string, 'value' | 'switch'> = {
  name: 'value',
  rpm: 'value',
  tpm: 'value',
  rpd: 'value',
  models: 'value',
  json: 'switch',
  nats: 'value',
  bucket: 'value',
};
const ALLOWED: Record<Command['command'], string[]> = {
  help: [],
  create: ['name', 'rpm', 'tpm', 'rpd', 'models'],
  list: ['json'],
  revoke: [],
};

/** Splits `argv` into positionals and `--flag value` / `--flag=value` / `--switch` options. */
function split(argv: readonly string[]): { positionals: string[]; flags: Map<string, string> } {
  const positionals: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const kind = FLAGS[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
    if (kind === 'switch') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.set(name, 'true');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return { positionals, flags };
}

function limit(flags: Map<string, string>, name: string): number | undefined {
  const raw = flags.get(name);
  if (raw === undefined) return undefined;
  if (!/^[1-9][0-9]{0,11}$/.test(raw)) throw new UsageError(`--${name} must be a whole number of at least 1, not "${raw}"`);
  return Number(raw);
}

/** Parses the arguments after `npm run keys --`; throws UsageError when they make no sense. */
export function parseArgs(argv: readonly string[]): { command: Command; options: CommonOptions } {
  if (argv.includes('--help') || argv.includes('-h')) return { command: { command: 'help' }, options: {} };
  const { positionals, flags } = split(argv);
  const [name = 'help', ...rest] = positionals;
  if (name === 'help') return { command: { command: 'help' }, options: {} };
  if (!(name in ALLOWED)) throw new UsageError(`unknown command "${name}" (use create, list or revoke)`);
  const commandName = name as Command['command'];
  for (const flag of flags.keys()) {
    if (flag !== 'nats' && flag !== 'bucket' && !ALLOWED[commandName].includes(flag)) throw new UsageError(`${name} does not take --${flag}`);
  }
  const options: CommonOptions = { nats: flags.get('nats'), bucket: flags.get('bucket') };
  switch (commandName) {
    case 'create': {
      if (rest.length > 0) throw new UsageError(`create takes no positional argument (got "${rest[0]}"); name the key with --name`);
      const keyName = flags.get('name');
      if (!keyName) throw new UsageError('create needs --name <name>');
      const models = (flags.get('models') ?? '')
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean);
      return { command: { command: 'create', name: keyName, rpm: limit(flags, 'rpm'), tpm: limit(flags, 'tpm'), rpd: limit(flags, 'rpd'), models }, options };
    }
    case 'list':
      if (rest.length > 0) throw new UsageError(`list takes no argument (got "${rest[0]}")`);
      return { command: { command: 'list', json: flags.has('json') }, options };
    case 'revoke':
      if (rest.length !== 1) throw new UsageError('revoke needs exactly one key id or name');
      return { command: { command: 'revoke', target: rest[0] }, options };
    default:
      return { command: { command: 'help' }, options };
  }
}
