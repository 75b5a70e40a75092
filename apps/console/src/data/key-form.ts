import type { ConsoleKey, CreateConsoleKey } from '@switchyard/contracts';
import { formatNumber } from './format';

/** The create form's fields as typed. */
export interface KeyFormValues {
  name: string;
  rpm: string;
  tpm: string;
  rpd: string;
  /** Comma-separated model patterns. */
  models: string;
}

export const EMPTY_KEY_FORM: KeyFormValues = { name: '', rpm: '', tpm: '', rpd: '', models: '' };

const LIMIT_LABELS = { rpm: 'Requests per minute', tpm: 'Tokens per minute', rpd: 'Requests per day' } as const;

/**
 * The create request of a form, or a message for what is plainly wrong. The API checks the rest (name rules,
 * duplicates) and its 400 is shown as it is.
 */
export function buildCreateKey(values: KeyFormValues): { body: CreateConsoleKey } | { problem: string } {
  const name = values.name.trim();
  if (name === '') return { problem: 'Give the key a name.' };
  const limits: Partial<ConsoleKey['limits']> = {};
  for (const field of ['rpm', 'tpm', 'rpd'] as const) {
    const text = values[field].trim();
    if (text === '') continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 0) return { problem: `${LIMIT_LABELS[field]} must be a whole number, 0 or more.` };
    limits[field] = value;
  }
  const models = values.models
    .split(',')
    .map((model) => model.trim())
    .filter((model) => model !== '');
  const body: CreateConsoleKey = { name };
  if (Object.keys(limits).length > 0) body.limits = limits;
  if (models.length > 0) body.models = models;
  return { body };
}

/** A key's limits with their units. */
export function limitTexts(limits: ConsoleKey['limits']): { rpm: string; tpm: string; rpd: string } {
  return {
    rpm: `${formatNumber(limits.rpm)} req/min`,
    tpm: `${formatNumber(limits.tpm)} tokens/min`,
    rpd: `${formatNumber(limits.rpd)} req/day`,
  };
}

/** The models a key may use: `all` when it names none. */
export function modelsText(models: readonly string[]): string {
  return models.length === 0 ? 'all' : models.join(', ');
}
