/**
 * A small Dockerfile reader for the checks: stages (`FROM image [AS name]`) and the instructions that make up
 * an image's configuration (ENV, USER, WORKDIR, EXPOSE, HEALTHCHECK, CMD), plus COPY and RUN as written.
 * A stage built `FROM` an earlier stage inherits that configuration, as Docker does. Global `ARG`s (before the
 * first FROM) are substituted into FROM lines with their defaults. Not a full parser: no `# escape=`
 * directive, no variable expansion outside FROM, no heredocs.
 */

/** One instruction, continuation lines joined. */
export interface Instruction {
  /** Upper case: `FROM`, `RUN`, … */
  keyword: string;
  /** Everything after the keyword, as written. */
  args: string;
  /** 1-based line where it starts. */
  line: number;
}

/** A HEALTHCHECK: its `--name=value` options and its command in exec form (shell form becomes `/bin/sh -c`). */
export interface Healthcheck {
  options: Record<string, string>;
  command: string[];
}

/** A COPY: `--from`, the sources and the destination. */
export interface Copy {
  from: string | undefined;
  sources: string[];
  dest: string;
}

/** One stage, with the configuration its image ends up with. */
export interface Stage {
  /** The `AS` name, lower case; undefined for an unnamed stage. */
  name: string | undefined;
  /** What follows FROM, global ARGs substituted. */
  from: string;
  /** The external image at the bottom of the FROM chain (an earlier stage's name is followed). */
  baseImage: string;
  /** The stage's own instructions, FROM excluded. */
  instructions: Instruction[];
  env: Record<string, string>;
  user: string | undefined;
  workdir: string | undefined;
  expose: number[];
  healthcheck: Healthcheck | 'NONE' | undefined;
  cmd: string[] | undefined;
  /** This stage's own COPY instructions. */
  copies: Copy[];
  /** This stage's own RUN commands. */
  runs: string[];
}

/** Splits the text into instructions: comments dropped, lines ending in `\` joined with the next. */
export function instructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let pending: Instruction | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    // Comment and empty lines are dropped, even inside a continuation (Docker does the same).
    if (trimmed.startsWith('#') || trimmed === '') return;
    const continues = /\\\s*$/.test(raw);
    const piece = continues ? raw.replace(/\\\s*$/, '') : raw;
    if (pending === undefined) {
      const match = /^\s*(\S+)\s*(.*)$/s.exec(piece);
      if (!match) return;
      pending = { keyword: match[1].toUpperCase(), args: match[2], line: index + 1 };
    } else {
      pending.args += ` ${piece.trim()}`;
    }
    if (!continues) {
      result.push({ ...pending, args: pending.args.trim() });
      pending = undefined;
    }
  });
  if (pending) result.push({ ...pending, args: pending.args.trim() });
  return result;
}

/** Splits on unquoted whitespace, as a shell does: quotes (removed) may open anywhere in a word, a backslash escapes the next character. */
export function words(text: string): string[] {
  const result: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === undefined && /\s/.test(c)) {
      if (word !== undefined) result.push(word);
      word = undefined;
    } else if (c === quote) {
      quote = undefined;
    } else if (quote === undefined && (c === '"' || c === "'")) {
      quote = c;
      word ??= '';
    } else if (c === '\\' && quote !== "'" && i + 1 < text.length) {
      word = (word ?? '') + text[++i];
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote !== undefined) throw new Error(`unterminated ${quote} in: ${text}`);
  if (word !== undefined) result.push(word);
  return result;
}

/** `["a", "b"]` → `['a', 'b']`; anything else → `/bin/sh -c <text>`. */
function commandOf(text: string): string[] {
  if (text.trim().startsWith('[')) {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed) || !parsed.every((p) => typeof p === 'string')) throw new Error(`not an exec-form command: ${text}`);
    return parsed;
  }
  return ['/bin/sh', '-c', text];
}

/** Leading `--name=value` flags, and the rest. */
function flags(text: string): { flags: Record<string, string>; rest: string } {
  const found: Record<string, string> = {};
  let rest = text.trim();
  for (let match = /^--([a-z-]+)=(\S+)\s*/.exec(rest); match; match = /^--([a-z-]+)=(\S+)\s*/.exec(rest)) {
    found[match[1]] = match[2];
    rest = rest.slice(match[0].length);
  }
  return { flags: found, rest };
}

function parseEnv(args: string): Record<string, string> {
  const parts = words(args);
  // Legacy form: `ENV KEY value with spaces`.
  if (parts.length > 0 && !parts[0].includes('=')) return { [parts[0]]: parts.slice(1).join(' ') };
  return Object.fromEntries(
    parts.map((part) => {
      const at = part.indexOf('=');
      if (at <= 0) throw new Error(`ENV ${args}: "${part}" is not KEY=value`);
      return [part.slice(0, at), part.slice(at + 1)];
    }),
  );
}

function parseHealthcheck(args: string): Healthcheck | 'NONE' {
  if (args.trim().toUpperCase() === 'NONE') return 'NONE';
  const { flags: options, rest } = flags(args);
  const match = /^CMD\s+(.*)$/is.exec(rest);
  if (!match) throw new Error(`HEALTHCHECK ${args}: expected CMD`);
  return { options, command: commandOf(match[1]) };
}

function parseCopy(args: string): Copy {
  const { flags: options, rest } = flags(args);
  const paths = rest.startsWith('[') ? (JSON.parse(rest) as string[]) : words(rest);
  if (paths.length < 2) throw new Error(`COPY ${args}: needs a source and a destination`);
  return { from: options['from']?.toLowerCase(), sources: paths.slice(0, -1), dest: paths[paths.length - 1] };
}

function substitute(text: string, args: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced?: string, bare?: string) => {
    const name = braced ?? bare ?? '';
    return name in args ? args[name] : whole;
  });
}

/** Every stage of the Dockerfile, in order, each with the image configuration it ends up with. */
export function parseDockerfile(text: string): Stage[] {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions(text)) {
    const { keyword, args } = instruction;
    const stage = stages[stages.length - 1];
    if (keyword === 'FROM') {
      const parts = words(flags(args).rest);
      const from = substitute(parts[0] ?? '', globalArgs);
      const name = parts.length >= 3 && parts[1].toUpperCase() === 'AS' ? parts[2].toLowerCase() : undefined;
      const parent = stages.find((s) => s.name !== undefined && s.name === from.toLowerCase());
      stages.push({
        name,
        from,
        baseImage: parent ? parent.baseImage : from,
        instructions: [],
        env: { ...parent?.env },
        user: parent?.user,
        workdir: parent?.workdir,
        expose: [...(parent?.expose ?? [])],
        healthcheck: parent?.healthcheck,
        cmd: parent?.cmd,
        copies: [],
        runs: [],
      });
      continue;
    }
    if (!stage) {
      if (keyword !== 'ARG') throw new Error(`line ${instruction.line}: ${keyword} before the first FROM`);
      const [nameAndDefault] = words(args);
      const at = nameAndDefault.indexOf('=');
      if (at > 0) globalArgs[nameAndDefault.slice(0, at)] = nameAndDefault.slice(at + 1);
      continue;
    }
    stage.instructions.push(instruction);
    if (keyword === 'ENV') Object.assign(stage.env, parseEnv(args));
    else if (keyword === 'USER') stage.user = args.trim();
    else if (keyword === 'WORKDIR') stage.workdir = args.trim();
    else if (keyword === 'EXPOSE') stage.expose.push(...words(args).map((p) => Number(p.split('/')[0])));
    else if (keyword === 'HEALTHCHECK') stage.healthcheck = parseHealthcheck(args);
    else if (keyword === 'CMD') stage.cmd = commandOf(args);
    else if (keyword === 'COPY') stage.copies.push(parseCopy(args));
    else if (keyword === 'RUN') stage.runs.push(args);
  }
  return stages;
}

/** The stage named `name`; throws when there is none. */
export function stageNamed(stages: readonly Stage[], name: string): Stage {
  const stage = stages.find((s) => s.name === name.toLowerCase());
  if (!stage) throw new Error(`the Dockerfile has no stage named ${name} (stages: ${stages.map((s) => s.name ?? '?').join(', ')})`);
  return stage;
}

/** Stages no other stage builds on or copies from: the images the file is for. */
export function finalStages(stages: readonly Stage[]): Stage[] {
  const used = new Set<string>();
  for (const stage of stages) {
    used.add(stage.from.toLowerCase());
    for (const copy of stage.copies) if (copy.from) used.add(copy.from);
  }
  return stages.filter((s) => s.name !== undefined && !used.has(s.name));
}

/** Whether the USER is root: unset (Docker's default), `root`, or uid 0. */
export function runsAsRoot(user: string | undefined): boolean {
  if (user === undefined || user.trim() === '') return true;
  const name = user.split(':')[0].trim();
  return name === 'root' || name === '0';
}
