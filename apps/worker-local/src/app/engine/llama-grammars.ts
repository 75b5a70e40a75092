import type { GbnfJsonSchema, Llama, LlamaGrammar } from 'node-llama-cpp';
import { tightenJsonNumberRules, type GrammarJsonSchema, type LlamaOutputFormat } from '@switchyard/providers-llama';

/** Most compiled schema grammars kept per model; the oldest is dropped beyond. */
const MAX_SCHEMAS = 64;

/**
 * Grammars for JSON output, compiled once and reused: node-llama-cpp's JSON grammar (any object)
 * for `json_object`, one per distinct schema for `json_schema`.
 */
export class LlamaGrammars {
  private json: Promise<LlamaGrammar> | undefined;
  private readonly schemas = new Map<string, Promise<LlamaGrammar>>();

  constructor(private readonly llama: Llama) {}

  /** The grammar that enforces `format`; undefined for text. Rejects when llama.cpp cannot compile a schema's grammar. */
  async for(format: LlamaOutputFormat): Promise<LlamaGrammar | undefined> {
    if (format.type === 'text') return undefined;
    if (format.type === 'json_object') return (this.json ??= this.llama.getGrammarFor('json'));
    const key = JSON.stringify(format.schema);
    let grammar = this.schemas.get(key);
    if (grammar === undefined) {
      grammar = this.compile(format.schema);
      grammar.catch(() => this.schemas.delete(key));
      const oldest = this.schemas.keys().next();
      if (this.schemas.size >= MAX_SCHEMAS && !oldest.done) this.schemas.delete(oldest.value);
      this.schemas.set(key, grammar);
    }
    return grammar;
  }

  private async compile(schema: GrammarJsonSchema): Promise<LlamaGrammar> {
    // `toGrammarJsonSchema` produced it: within the subset node-llama-cpp enforces.
    const base = await this.llama.createGrammarForJsonSchema<GbnfJsonSchema>(schema as GbnfJsonSchema);
    const grammar = tightenJsonNumberRules(base.grammar);
    if (grammar === base.grammar) return base;
    return this.llama.createGrammar({ grammar, stopGenerationTriggers: base.stopGenerationTriggers, trimWhitespaceSuffix: base.trimWhitespaceSuffix });
  }
}
