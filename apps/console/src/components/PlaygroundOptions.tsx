import { POLICIES, type PlaygroundForm } from '../data/playground-request';

interface PlaygroundOptionsProps {
  form: PlaygroundForm;
  models: string[];
  onChange(form: PlaygroundForm): void;
}

export function PlaygroundOptions({ form, models, onChange }: PlaygroundOptionsProps) {
  const set = <K extends keyof PlaygroundForm>(field: K, value: PlaygroundForm[K]): void => onChange({ ...form, [field]: value });
  return (
    <>
      <div className="form-row">
        <label>
          Model
          <select data-testid="pg-model" value={form.model} onChange={(e) => set('model', e.target.value)}>
            {models.map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
        </label>
        <label>
          Policy
          <select data-testid="pg-policy" value={form.policy} onChange={(e) => set('policy', e.target.value as PlaygroundForm['policy'])}>
            <option value="">none (gateway default)</option>
            {POLICIES.map((policy) => (
              <option key={policy} value={policy}>
                {policy}
              </option>
            ))}
          </select>
        </label>
        <label>
          Temperature
          <input type="number" min={0} max={2} step={0.1} data-testid="pg-temperature" value={form.temperature} placeholder="default" onChange={(e) => set('temperature', e.target.value)} />
        </label>
        <label>
          Max tokens
          <input type="number" min={1} step={1} data-testid="pg-max-tokens" value={form.maxTokens} placeholder="default" onChange={(e) => set('maxTokens', e.target.value)} />
        </label>
        <label className="checkbox">
          <input type="checkbox" data-testid="pg-json" checked={form.json} onChange={(e) => set('json', e.target.checked)} />
          JSON mode
        </label>
      </div>
      <label>
        System prompt (optional)
        <textarea data-testid="pg-system" rows={2} value={form.system} onChange={(e) => set('system', e.target.value)} />
      </label>
      <label>
        Prompt
        <textarea data-testid="pg-prompt" rows={5} value={form.prompt} onChange={(e) => set('prompt', e.target.value)} placeholder="Once upon a time" />
      </label>
    </>
  );
}
