import { invalidParameter, type InvalidParameter } from './unsupported-parameter';

/** The first token id outside a vocabulary of `vocabularySize` tokens, as a refusal naming `param`; undefined when all fit. */
export function checkTokenIds(ids: Iterable<number>, vocabularySize: number, param: string): InvalidParameter | undefined {
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 0 || id >= vocabularySize) {
      return invalidParameter(param, `token id ${id} is not in the local model's vocabulary (ids 0 to ${vocabularySize - 1})`);
    }
  }
  return undefined;
}
