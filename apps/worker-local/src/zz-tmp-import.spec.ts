import { runInThisContext, constants } from 'node:vm';
const importEsm = runInThisContext('(s) => import(s)', {
  filename: __filename,
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
}) as (s: string) => Promise<unknown>;
it('imports node-llama-cpp', async () => {
  const mod = (await importEsm('node-llama-cpp')) as { getLlama: (o: object) => Promise<any>; LlamaChat: any };
  expect(typeof mod.getLlama).toBe('function');
  const llama = await mod.getLlama({ gpu: false, build: 'never' });
  const model = await llama.loadModel({ modelPath: '/work/shared/models/stories260K.gguf' });
  const ctx = await model.createContext({ contextSize: 512, threads: 1 });
  const chat = new mod.LlamaChat({ contextSequence: ctx.getSequence() });
  const ac = new AbortController();
  let n = 0;
  const res = await chat.generateResponse([{ type: 'user', text: 'Once upon a time' }], { maxTokens: 300, customStopTriggers: ['zzz'], signal: ac.signal, stopOnAbortSignal: true, onToken: (t: number[]) => { n += t.length; if (n >= 10) ac.abort(); } });
  console.log(res.metadata.stopReason, n, res.response);
}, 30000);
