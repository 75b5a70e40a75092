import { unsupportedParameter, type UnsupportedParameter } from './unsupported-parameter';

/** How the local worker treats one request parameter of type `T`. */
export type Support<T> =
  /** Turned into generation settings by the request's converter. */
  | 'honoured'
  /** Metadata or a hint that changes nothing about the output; accepted and ignored. */
  | 'ignored'
  /** Refused when `when` holds for its (non-null) value. */
  | { when: (value: NonNullable<T>) => boolean; why: string };

/** Every parameter of a request type and how it is treated; the mapped type makes it exhaustive. */
export type SupportTable<R> = { [K in keyof Required<R>]: Support<Required<R>[K]> };

/**
 * The first parameter of `request`, in the table's order, that the local worker refuses, or undefined.
 * Null and absent values mean "not asked for" and always pass.
 */
export function findRefusedParameter<R extends object>(table: SupportTable<R>, request: R): UnsupportedParameter | undefined {
  for (const key of Object.keys(table) as (keyof R & string)[]) {
    const support = table[key] as Support<R[typeof key]>;
    const value = request[key];
    if (typeof support === 'string' || value === undefined || value === null) continue;
    if (support.when(value as NonNullable<R[typeof key]>)) return unsupportedParameter(key, support.why);
  }
  return undefined;
}
