import { fileNameFromSource, isModelEntryFile, modelNameFromFile } from './model-names';

describe('modelNameFromFile', () => {
  it.each<[string, string]>([
    ['stories260K.gguf', 'stories260k'],
    ['llama-2-tiny-random.gguf', 'llama-2-tiny-random'],
    ['/models/Qwen2.5-0.5B-Instruct-Q4_K_M.gguf', 'qwen2.5-0.5b-instruct-q4_k_m'],
    ['Model With Spaces.GGUF', 'model-with-spaces'],
    ['big-model-00001-of-00003.gguf', 'big-model'],
    ['_hidden.gguf', 'hidden'],
    ['!!!.gguf', 'model'],
  ])('%s → %s', (file, name) => {
    expect(modelNameFromFile(file)).toBe(name);
  });
});

describe('isModelEntryFile', () => {
  it.each<[string, boolean]>([
    ['stories260K.gguf', true],
    ['UPPER.GGUF', true],
    ['big-00001-of-00003.gguf', true],
    ['big-00002-of-00003.gguf', false],
    ['notes.txt', false],
    ['model.gguf.partial', false],
  ])('%s → %s', (file, expected) => {
    expect(isModelEntryFile(file)).toBe(expected);
  });
});

describe('fileNameFromSource', () => {
  it.each<[string, string | undefined]>([
    ['hf:karpathy/tinyllamas/stories260K.gguf', 'stories260K.gguf'],
    ['hf:user/repo/sub/dir/model-Q4.gguf#main', 'model-Q4.gguf'],
    ['hf:user/repo:Q4_K_M', undefined],
    ['hf:user/repo', undefined],
    ['https://huggingface.co/u/r/resolve/main/tiny.gguf?download=true', 'tiny.gguf'],
    ['http://example.com/my%20model.gguf', 'my model.gguf'],
    ['https://example.com/download?id=3', undefined],
    ['ftp://example.com/x.gguf', undefined],
  ])('%s → %s', (source, expected) => {
    expect(fileNameFromSource(source)).toBe(expected);
  });
});
