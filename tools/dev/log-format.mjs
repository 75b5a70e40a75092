// Turns one pino JSON log line into `HH:MM:SS service LEVEL message key=value…` for the terminal.
const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['level', 'time', 'service', 'pid', 'msg', 'hostname', 'context']);

export function formatLogLine(service, line) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return `${service.padEnd(12)} ${line}`;
  }
  if (typeof entry !== 'object' || entry === null) return `${service.padEnd(12)} ${line}`;
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
  const extras = Object.entries(entry)
    .filter(([key]) => !SKIP.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${time} ${service.padEnd(12)} ${LEVELS[entry.level] ?? entry.level} ${entry.msg ?? ''}${extras ? `  ${extras}` : ''}`;
}
