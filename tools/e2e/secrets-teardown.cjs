// Jest global teardown of the end-to-end project: every line that any service of any suite wrote during
// the run, and every error body its clients received (kept by src/error-bodies.ts), is searched for every
// secret the suites configured (provider keys, client API keys, tokens). One hit fails the run, naming
// the file and the secret's first characters only.
const { existsSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

module.exports = async () => {
  const dir = process.env.E2E_RUN_DIR;
  if (!dir || !existsSync(dir)) return;
  const secretsFile = join(dir, 'secrets.txt');
  const secrets = existsSync(secretsFile) ? [...new Set(readFileSync(secretsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)))] : [];
  const filesIn = (name) => (existsSync(join(dir, name)) ? readdirSync(join(dir, name)).map((file) => join(name, file)) : []);
  const logs = filesIn('logs');
  const bodies = filesIn('bodies');
  const hits = [];
  let bytes = 0;
  for (const file of [...logs, ...bodies]) {
    const text = readFileSync(join(dir, file), 'utf8');
    bytes += text.length;
    for (const secret of secrets) if (text.includes(secret)) hits.push(`${file}: ${secret.slice(0, 6)}…`);
  }
  process.stdout.write(
    `\nsecrets check: ${secrets.length} secrets against ${logs.length} service logs and ${bodies.length} files of error bodies (${Math.round(bytes / 1024)} KiB): ${hits.length} hits\n`,
  );
  if (hits.length > 0) throw new Error(`secrets found in service logs or error bodies (kept in ${dir}):\n  ${hits.join('\n  ')}`);
  rmSync(dir, { recursive: true, force: true });
};
