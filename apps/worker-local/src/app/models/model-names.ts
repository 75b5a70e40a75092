/** `model-00002-of-00003.gguf`: the parts of a model split into several files. */
const SPLIT_PART = /-(\d{5})-of-\d{5}$/;

function stem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return base.replace(/\.gguf$/i, '');
}

/**
 * The public name of a model file: its file name lower-cased, without `.gguf` or a split-part
 * suffix, other characters turned into `-` (`stories260K.gguf` → `stories260k`).
 */
export function modelNameFromFile(fileName: string): string {
  const name = stem(fileName)
    .replace(SPLIT_PART, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return name === '' ? 'model' : name;
}

/** True for a GGUF file that is a whole model or the first part of a split one. */
export function isModelEntryFile(fileName: string): boolean {
  if (!/\.gguf$/i.test(fileName)) return false;
  const part = SPLIT_PART.exec(stem(fileName));
  return part === null || part[1] === '00001';
}

/**
 * The file a `source` downloads to, when the source names one: `hf:<user>/<repo>/<path>/<file>.gguf`
 * (optionally `#<branch>`) or an http(s) URL ending in `.gguf`. Undefined for references such as
 * `hf:<user>/<repo>:<quant>`, whose file name only the hub knows.
 */
export function fileNameFromSource(source: string): string | undefined {
  let path: string;
  if (source.startsWith('hf:')) {
    const segments = source.slice(3).split('#')[0].split('/');
    if (segments.length < 3) return undefined;
    path = segments[segments.length - 1];
  } else if (/^https?:\/\//i.test(source)) {
    try {
      path = decodeURIComponent(new URL(source).pathname.split('/').pop() ?? '');
    } catch {
      return undefined;
    }
  } else {
    return undefined;
  }
  return /\.gguf$/i.test(path) ? path : undefined;
}
