/** The label value that stands for every value beyond a label's limit. */
export const OTHER = 'other';

/** Longest label value kept; longer ones are cut (label values are not the place for long strings). */
export const MAX_LABEL_LENGTH = 128;

/**
 * Keeps one label's set of values bounded: the first `limit` distinct values are exported as they
 * are, later ones as `other`. A value only joins the set when the caller admits it (e.g. a model
 * that answered), so a client sending random model names cannot use up the room.
 */
export class BoundedLabel {
  private readonly known = new Set<string>();

  constructor(private readonly limit: number) {}

  /** The label value to export for `raw`; `admit: false` maps a value not yet known to `other`. */
  value(raw: string, admit = true): string {
    const value = raw.length > MAX_LABEL_LENGTH ? raw.slice(0, MAX_LABEL_LENGTH) : raw;
    if (this.known.has(value)) return value;
    if (!admit || this.known.size >= this.limit) return OTHER;
    this.known.add(value);
    return value;
  }

  /** Distinct values admitted so far. */
  get size(): number {
    return this.known.size;
  }
}
