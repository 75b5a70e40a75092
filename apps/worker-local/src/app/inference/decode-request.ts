import { InferenceRequestSchema, errorPart, type ErrorPart, type InferenceRequest } from '@switchyard/contracts';
import { decodeJson } from '@switchyard/nats';
import { ZodError } from 'zod';

/** Parses an inference request off the bus, or explains what is wrong with it. */
export function decodeInferenceRequest(data: Uint8Array): { ok: true; request: InferenceRequest } | { ok: false; error: ErrorPart } {
  try {
    return { ok: true, request: decodeJson(data, InferenceRequestSchema) };
  } catch (error) {
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      const where = issue.path.length > 0 ? issue.path.join('.') : 'request';
      return { ok: false, error: errorPart('invalid_request', `invalid inference request: ${where}: ${issue.message}`) };
    }
    return { ok: false, error: errorPart('invalid_request', `invalid inference request: ${(error as Error).message}`) };
  }
}
