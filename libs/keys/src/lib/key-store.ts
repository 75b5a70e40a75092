import type { KV, KvEntry } from 'nats';
import { z } from 'zod';
import { isRevisionConflict } from './buckets';
import { displayPrefix, generateApiKey, generateKeyId, hashApiKey } from './key-format';
import {
  DEFAULT_KEY_LIMITS,
  KeyLimitsSchema,
  KeyNameSchema,
  KeyRecordSchema,
  ModelPatternSchema,
  type KeyLimits,
  type KeyRecord,
} from './key-record';

/** A request the store refuses (bad name, duplicate, unknown key); the message says what to change. */
export class KeyStoreError extends Error {
  override readonly name = 'KeyStoreError';
}

/** What `create` needs; limits left out take the defaults. */
export interface CreateKeyInput {
  name: string;
  limits?: Partial<KeyLimits>;
  models?: string[];
}

/** Decodes a stored record; undefined when the bytes are not one (written by something else). */
export function decodeKeyRecord(data: Uint8Array): KeyRecord | undefined {
  try {
    const parsed = KeyRecordSchema.safeParse(JSON.parse(new TextDecoder().decode(data)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function encode(record: KeyRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(record));
}

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new KeyStoreError(`invalid ${what}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/**
 * Creates, lists and revokes API keys in the keys bucket (used by `npm run keys`). Only the SHA-256
 * of a key is stored; the key itself is returned once, by `create`.
 */
export class KeyStore {
  constructor(
    private readonly kv: KV,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Makes a new key; the returned `key` is the only copy of it anywhere. */
  async create(input: CreateKeyInput): Promise<{ key: string; record: KeyRecord }> {
    const name = check(KeyNameSchema, input.name, 'name');
    const given = Object.fromEntries(Object.entries(input.limits ?? {}).filter(([, value]) => value !== undefined));
    const limits = check(KeyLimitsSchema, { ...DEFAULT_KEY_LIMITS, ...given }, 'limits');
    const models = (input.models ?? []).map((m) => check(ModelPatternSchema, m, `model pattern "${m}"`));
    if ((await this.list()).some((r) => r.name === name && r.revokedAt === undefined)) {
      throw new KeyStoreError(`a key named "${name}" already exists; revoke it first or choose another name`);
    }
    const key = generateApiKey();
    const record: KeyRecord = {
      id: generateKeyId(),
      name,
      hash: hashApiKey(key),
      prefix: displayPrefix(key),
      createdAt: this.now().toISOString(),
      limits,
      models: [...new Set(models)],
    };
    await this.kv.create(record.id, encode(record));
    return { key, record };
  }

  /** Every record, revoked ones included, oldest first. */
  async list(): Promise<KeyRecord[]> {
    const ids: string[] = [];
    for await (const id of await this.kv.keys()) ids.push(id);
    const entries = await Promise.all(ids.map((id) => this.kv.get(id)));
    const records = entries.flatMap((entry) => (entry && entry.operation === 'PUT' ? (decodeKeyRecord(entry.value) ?? []) : []));
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Revokes the key with this id, or the one key not yet revoked with this name. */
  async revoke(idOrName: string): Promise<{ record: KeyRecord; alreadyRevoked: boolean }> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { entry, record } = await this.find(idOrName);
      if (record.revokedAt !== undefined) return { record, alreadyRevoked: true };
      const revoked: KeyRecord = { ...record, revokedAt: this.now().toISOString() };
      try {
        await this.kv.update(record.id, encode(revoked), entry.revision);
        return { record: revoked, alreadyRevoked: false };
      } catch (error) {
        if (!isRevisionConflict(error)) throw error;
      }
    }
    throw new KeyStoreError(`key "${idOrName}" kept changing while being revoked; try again`);
  }

  private async find(idOrName: string): Promise<{ entry: KvEntry; record: KeyRecord }> {
    let id = idOrName;
    if (!/^key_[0-9A-Za-z]{16}$/.test(idOrName)) {
      const named = (await this.list()).filter((r) => r.name === idOrName);
      const active = named.filter((r) => r.revokedAt === undefined);
      const match = active.length > 0 ? active : named.slice(-1);
      if (match.length === 0) throw new KeyStoreError(`no key with id or name "${idOrName}"`);
      id = match[0].id;
    }
    const entry = await this.kv.get(id);
    const record = entry && entry.operation === 'PUT' ? decodeKeyRecord(entry.value) : undefined;
    if (!entry || !record) throw new KeyStoreError(`no key with id or name "${idOrName}"`);
    return { entry, record };
  }
}
