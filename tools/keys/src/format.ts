import type { KeyRecord } from '@switchyard/keys';

/** A record as `list --json` prints it: everything but the hash. */
export function publicView(record: KeyRecord): Omit<KeyRecord, 'hash'> {
  return Object.fromEntries(Object.entries(record).filter(([field]) => field !== 'hash')) as Omit<KeyRecord, 'hash'>;
}

/** Records as an aligned text table. */
export function formatTable(records: readonly KeyRecord[]): string {
  if (records.length === 0) return 'No keys yet. Create one with: npm run keys -- create --name <name>\n';
  const header = ['ID', 'NAME', 'KEY', 'RPM', 'TPM', 'RPD', 'MODELS', 'CREATED', 'REVOKED'];
  const rows = records.map((r) => [
    r.id,
    r.name,
    `${r.prefix}…`,
    String(r.limits.rpm),
    String(r.limits.tpm),
    String(r.limits.rpd),
    r.models.length === 0 ? '(all)' : r.models.join(','),
    r.createdAt,
    r.revokedAt ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** What `create` tells the user: the key alone on stdout (for scripts), the rest on stderr. */
export function createdMessage(record: KeyRecord): string {
  const models = record.models.length === 0 ? 'all' : record.models.join(', ');
  return (
    `Created key "${record.name}" (${record.id})\n` +
    `  limits: ${record.limits.rpm} requests/min, ${record.limits.tpm} tokens/min, ${record.limits.rpd} requests/day\n` +
    `  models: ${models}\n` +
    'Store the key now: it is shown only once, and Switchyard keeps only its hash.\n'
  );
}
