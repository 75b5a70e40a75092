import type { z } from 'zod';

/**
 * OpenAI's API takes `null` for any optional parameter as "not set" (clients send `"max_tokens": null`,
 * `"user": null`, a message's `"name": null`). `withoutOptionalNulls` drops exactly those nulls from a body
 * before it is validated, wherever the schema says the field is optional, nested objects included; a null
 * where a value is required (`model`, `messages`, a user message's `content`) stays and is refused by name,
 * and free-form values (a tool's JSON schema, `metadata`) are left as they are. So code after validation
 * knows one "not set", undefined, and no null reaches a worker.
 *
 * The schema is read once and compiled into a walk over the value; a body without nulls comes back as it
 * is. (A zod preprocess on every optional field did the same but ran for the absent fields too, doubling
 * the cost of validating a chat body.)
 */

/** Returns the value without the nulls of its optional fields (the same value when it has none). */
type Strip = (value: unknown) => unknown;

/** The parts of zod's schema definitions that the walk reads. */
interface SchemaDef {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  discriminator?: string;
  valueType?: z.core.$ZodType;
}

const compiled = new WeakMap<z.core.$ZodType, Strip | null>();

function defOf(schema: z.core.$ZodType): SchemaDef {
  return schema._zod.def as unknown as SchemaDef;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripObject(shape: Record<string, z.core.$ZodType>): Strip | null {
  const optional = new Set(Object.keys(shape).filter((key) => shape[key]._zod.optin === 'optional'));
  const fields = new Map<string, Strip>();
  for (const [key, field] of Object.entries(shape)) {
    const strip = compile(field);
    if (strip) fields.set(key, strip);
  }
  if (optional.size === 0 && fields.size === 0) return null;
  return (value) => {
    if (!isRecord(value)) return value;
    let copy: Record<string, unknown> | undefined;
    for (const key in value) {
      const field = value[key];
      if (field === null) {
        if (!optional.has(key)) continue;
        copy ??= { ...value };
        delete copy[key];
        continue;
      }
      const strip = fields.get(key);
      if (!strip) continue;
      const stripped = strip(field);
      if (stripped === field) continue;
      copy ??= { ...value };
      copy[key] = stripped;
    }
    return copy ?? value;
  };
}

function stripArray(element: Strip): Strip {
  return (value) => {
    if (!Array.isArray(value)) return value;
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const stripped = element(item);
      if (stripped === item) return;
      copy ??= [...value];
      copy[index] = stripped;
    });
    return copy ?? value;
  };
}

function stripUnion(def: SchemaDef): Strip | null {
  const options = (def.options ?? []).map((option) => ({ option, strip: compile(option) })).filter((o) => o.strip !== null);
  if (options.length === 0) return null;
  const key = def.discriminator;
  if (key !== undefined) {
    const byValue = new Map<unknown, Strip>();
    for (const { option, strip } of options) for (const value of option._zod.propValues?.[key] ?? []) if (strip) byValue.set(value, strip);
    return (value) => (isRecord(value) ? (byValue.get(value[key])?.(value) ?? value) : value);
  }
  // A plain union: each option drops only the nulls of its own optional fields.
  return (value) => options.reduce((current, { strip }) => (strip ? strip(current) : current), value);
}

function compile(schema: z.core.$ZodType): Strip | null {
  if (compiled.has(schema)) return compiled.get(schema) ?? null;
  compiled.set(schema, null); // a schema that refers to itself is walked once
  const def = defOf(schema);
  let strip: Strip | null = null;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      strip = def.innerType ? compile(def.innerType) : null;
      break;
    case 'pipe':
      strip = def.in ? compile(def.in) : null;
      break;
    case 'object':
      strip = def.shape ? stripObject(def.shape) : null;
      break;
    case 'array': {
      const element = def.element ? compile(def.element) : null;
      strip = element ? stripArray(element) : null;
      break;
    }
    case 'union':
      strip = stripUnion(def);
      break;
    case 'record': {
      const values = def.valueType ? compile(def.valueType) : null;
      strip = values ? (value) => (isRecord(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, values(v)])) : value) : null;
      break;
    }
  }
  compiled.set(schema, strip);
  return strip;
}

/** `value` without the nulls `schema` calls optional (see the file's comment). */
export function withoutOptionalNulls(schema: z.core.$ZodType, value: unknown): unknown {
  const strip = compile(schema);
  return strip ? strip(value) : value;
}
