import { InferenceEnvelopeSchema, errorPart, type ErrorPart, type InferenceRequest } from '@switchyard/contracts';
import { decodeJson } from '@switchyard/nats';
import { ZodError } from 'zod';

/**
 * Parses an inference request off the bus, or explains what is wrong with its envelope. The body is the one the
 * gateway validated (client input is validated at the edge), passed on as it came.
 */
export function decodeInferenceRequest(data: Uint8Array): { ok: true; request: InferenceRequest } | { ok: false; error: ErrorPart } {
  try {
    return { ok: true, request: decodeJson(data, InferenceEnvelopeSchema) as InferenceRequest };
  } catch (error) {
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      const where = issue.path.length > 0 ? issue.path.join('.') : 'request';
      return { ok: false, error: errorPart('invalid_request', `invalid inference request: ${where}: ${issue.message}`) };
    }
    return { ok: false, error: errorPart('invalid_request', `invalid inference request: ${(error as Error).message}`) };
  }
}
