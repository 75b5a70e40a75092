import { z } from 'zod';
import { describeSchemaError } from './describe-schema-error';

const schema = z.object({ choices: z.array(z.object({ index: z.number() })) });

describe('describeSchemaError', () => {
  it.each<[string, unknown, RegExp]>([
    ['a nested field', { choices: [{ index: 'zero' }] }, /^choices\.0\.index: .*expected number/],
    ['a missing field', {}, /^choices: .*expected array/],
    ['the root', 'text', /expected object/],
  ])('%s', (_name, value, expected) => {
    const result = schema.safeParse(value);
    expect(result.success).toBe(false);
    if (!result.success) expect(describeSchemaError(result.error)).toMatch(expected);
  });
});
