import { randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Anthropic ids use base58-like characters after their `01` prefix. */
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function randomChars(length: number, alphabet: string): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

const hex = (length: number): string => randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);

/** Identifiers shaped like the real APIs' ones. */
export const ids = {
  /** `chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG` */
  chatCompletion: (): string => `chatcmpl-${randomChars(29, ALPHANUMERIC)}`,
  /** `cmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG` (legacy text completions) */
  textCompletion: (): string => `cmpl-${randomChars(29, ALPHANUMERIC)}`,
  /** `call_Vx8LmZ2yQyKOfpzXrtcjD0cK` */
  toolCall: (): string => `call_${randomChars(24, ALPHANUMERIC)}`,
  /** OpenAI's `x-request-id`: `req_` and 32 hex digits. */
  openAIRequest: (): string => `req_${hex(32)}`,
  /** `fp_fc9f1d7035` */
  fingerprint: (): string => `fp_${hex(10)}`,
  /** The `obfuscation` padding OpenAI adds to stream chunks. */
  obfuscation: (): string => randomChars(1 + randomInt(12), ALPHANUMERIC),
  /** `msg_01XFDUDYJgAACzvnptvVoYEL` */
  message: (): string => `msg_01${randomChars(22, BASE58)}`,
  /** `toolu_01T1x1fJ34qAmk2tNTrN7Up6` */
  toolUse: (): string => `toolu_01${randomChars(22, BASE58)}`,
  /** Anthropic's `request-id`: `req_011CSHoEeqs5C35K2UUqR7Fy`. */
  anthropicRequest: (): string => `req_011C${randomChars(20, BASE58)}`,
};
