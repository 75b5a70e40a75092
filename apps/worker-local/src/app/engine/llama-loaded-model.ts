import type { ChatHistoryItem, LlamaChat, LlamaContext, LlamaContextSequence, LlamaGrammar, LlamaModel, Token, TokenBias } from 'node-llama-cpp';
import {
  planTokenBudget,
  type LlamaCompletionOptions,
  type LlamaGenerationInput,
  type LlamaLogitBias,
  type LlamaOutputFormat,
  type LlamaPrompt,
} from '@switchyard/providers-llama';
import type { EmbeddingOutcome, EngineEvent, LoadedModel, ModelInfo } from './inference-engine';
import { infillPrompt } from './infill-tokens';
import { generateChat } from './llama-chat-generation';
import type { LlamaEmbedder } from './llama-embedder';
import type { LlamaGrammars } from './llama-grammars';
import { promptLogprobs } from './llama-prompt-logprobs';
import { plainStopTexts } from './llama-stop-triggers';
import { generateTokens } from './llama-token-generation';
import { asToolCall, callInstruction, callSchema, functionsOf } from './llama-tool-calls';
import type { NodeLlamaCpp } from './load-node-llama-cpp';

/** One llama.cpp sequence and the chat that renders prompts on it. */
export interface LlamaSlot {
  sequence: LlamaContextSequence;
  chat: LlamaChat;
}

/** What a loaded model is made of. */
export interface LlamaModelParts {
  lib: NodeLlamaCpp;
  model: LlamaModel;
  context: LlamaContext;
  slots: LlamaSlot[];
  grammars: LlamaGrammars;
  embedder: LlamaEmbedder;
}

/**
 * A GGUF model with one context of `concurrency` sequences. Each generation takes a free sequence;
 * node-llama-cpp keeps what the sequence already evaluated, so a prompt that shares a prefix with
 * the previous one on that sequence (a growing conversation, the next choice of the same request)
 * is not evaluated again. Chat runs through `LlamaChat`, except with logprobs, which only a
 * token-by-token generation can report; text completions always run token by token.
 */
export class LlamaLoadedModel implements LoadedModel {
  private readonly free: LlamaSlot[];

  constructor(
    readonly info: ModelInfo,
    private readonly parts: LlamaModelParts,
  ) {
    this.free = [...parts.slots];
  }

  generate(input: LlamaGenerationInput, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    return this.onFreeSlot((slot) => this.chat(slot, input, signal));
  }

  complete(prompt: LlamaPrompt, options: LlamaCompletionOptions, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    return this.onFreeSlot((slot) => this.completion(slot, prompt, options, signal));
  }

  embed(inputs: readonly LlamaPrompt[], signal: AbortSignal): Promise<EmbeddingOutcome> {
    return this.parts.embedder.embed(inputs, signal);
  }

  async dispose(): Promise<void> {
    await this.parts.embedder.dispose();
    await this.parts.context.dispose();
    await this.parts.model.dispose();
  }

  private async *onFreeSlot(run: (slot: LlamaSlot) => AsyncGenerator<EngineEvent>): AsyncGenerator<EngineEvent> {
    const slot = this.free.pop();
    if (!slot) throw new Error(`model ${this.info.name}: more than ${this.info.concurrency} generations at once`);
    try {
      yield* run(slot);
    } finally {
      this.free.push(slot);
    }
  }

  private async *chat(slot: LlamaSlot, input: LlamaGenerationInput, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    // Tools: with `auto` the chat template's function calling; with `required` a grammar that makes the answer one call.
    const tools = input.tools;
    const forced = tools?.mode === 'required' ? tools.tools : undefined;
    const grammar = await this.grammar(forced ? { type: 'json_schema', schema: callSchema(forced) } : input.format);
    if (!grammar.ok) return yield grammar.refusal;
    const functions = tools?.mode === 'auto' ? { functions: functionsOf(tools.tools), maxParallel: input.parallelToolCalls ? undefined : 1 } : undefined;
    const instructed: ChatHistoryItem[] = forced ? [{ type: 'system', text: callInstruction(forced) }, ...input.history] : input.history;
    // An empty model turn last: the answer is a new assistant message, as with OpenAI; or the last one, continued.
    const history: ChatHistoryItem[] = input.continueFinalMessage ? instructed : [...instructed, { type: 'model', response: [] }];
    // The prompt exactly as the model sees it: chat template, special tokens, documented functions and all.
    const { contextText, stopGenerationTriggers } = slot.chat.chatWrapper.generateContextState({ chatHistory: history, availableFunctions: functions?.functions });
    const prompt = contextText.tokenize(this.parts.model.tokenizer);
    const budget = planTokenBudget(prompt.length, this.info.contextLength, input.maxTokens);
    if (!budget.ok) return yield { type: 'refused', code: budget.code, param: budget.param, message: budget.message };
    yield { type: 'start', promptTokens: prompt.length, maxTokens: budget.maxTokens };
    const tokenBias = this.tokenBias(input.logitBias);
    if (input.logprobs === undefined) {
      const events = generateChat(slot, { history, maxTokens: budget.maxTokens, sampling: input, tokenBias, grammar: grammar.grammar, functions }, signal);
      return yield* forced ? asToolCall(events) : events;
    }
    const stopTexts = [...input.stop, ...plainStopTexts(stopGenerationTriggers), ...plainStopTexts(grammar.grammar?.stopGenerationTriggers ?? [])];
    yield* generateTokens(
      slot.sequence,
      {
        prompt,
        maxTokens: budget.maxTokens,
        sampling: input,
        tokenBias,
        grammar: grammar.grammar && new this.parts.lib.LlamaGrammarEvaluationState({ model: this.parts.model, grammar: grammar.grammar }),
        stopTexts,
        trimTrailingWhitespace: grammar.grammar?.trimWhitespaceSuffix ?? false,
        logprobs: input.logprobs,
      },
      signal,
    );
  }

  private async *completion(slot: LlamaSlot, prompt: LlamaPrompt, options: LlamaCompletionOptions, signal: AbortSignal): AsyncGenerator<EngineEvent> {
    const tokens = this.completionPrompt(prompt, options.suffix);
    if (tokens.length === 0) return yield { type: 'refused', code: 'invalid_request', param: 'prompt', message: 'The prompt is empty.' };
    const budget = planTokenBudget(tokens.length, this.info.contextLength, options.maxTokens, 'prompt');
    if (!budget.ok) return yield { type: 'refused', code: budget.code, param: budget.param, message: budget.message };
    yield { type: 'start', promptTokens: tokens.length, maxTokens: budget.maxTokens };
    if (options.echo && options.logprobs !== undefined) yield* await promptLogprobs(slot.sequence, tokens, options.logprobs);
    else if (options.echo) {
      const text = typeof prompt === 'string' ? prompt : this.parts.model.detokenize(prompt as Token[]);
      if (text !== '') yield { type: 'echo', text };
    }
    const generation = { prompt: tokens, maxTokens: budget.maxTokens, sampling: options, tokenBias: this.tokenBias(options.logitBias), grammar: undefined };
    yield* generateTokens(slot.sequence, { ...generation, stopTexts: options.stop, trimTrailingWhitespace: false, logprobs: options.logprobs }, signal);
  }

  /** A completion prompt as tokens, as node-llama-cpp's `LlamaCompletion` builds it: the beginning token first when the model wants one. */
  private completionPrompt(prompt: LlamaPrompt, suffix: string | undefined): Token[] {
    const { model } = this.parts;
    const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
    const tokenize = (text: string): Token[] => model.tokenize(text, false, bos === null ? undefined : 'trimLeadingSpace');
    const ids = typeof prompt === 'string' ? tokenize(prompt) : (prompt as Token[]);
    const { prefix, suffix: suffixToken, middle } = model.tokens.infill;
    if (suffix !== undefined && prefix !== null && suffixToken !== null) {
      return infillPrompt({ bos, prefix, suffix: suffixToken, middle }, ids, tokenize(suffix)) as Token[];
    }
    return bos === null || ids[0] === bos ? ids : [bos, ...ids];
  }

  /** `logit_bias` as node-llama-cpp's token bias: the value is added to the logit, -100 bans the token. */
  private tokenBias(entries: readonly LlamaLogitBias[]): TokenBias | undefined {
    if (entries.length === 0) return undefined;
    const bias = new this.parts.lib.TokenBias(this.parts.model.tokenizer);
    for (const entry of entries) bias.set(entry.token as Token, entry.bias <= -100 ? 'never' : { logit: entry.bias });
    return bias;
  }

  /** The grammar for an output format, or a refusal naming the schema when llama.cpp cannot compile it. */
  private async grammar(format: LlamaOutputFormat): Promise<{ ok: true; grammar: LlamaGrammar | undefined } | { ok: false; refusal: EngineEvent }> {
    try {
      return { ok: true, grammar: await this.parts.grammars.for(format) };
    } catch (error) {
      const message = `Unsupported parameter 'response_format.json_schema': no grammar can be built for the schema (${(error as Error).message})`;
      return { ok: false, refusal: { type: 'refused', code: 'unsupported_parameter', param: 'response_format.json_schema', message } };
    }
  }
}
