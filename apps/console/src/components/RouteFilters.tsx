import type { RouteFilter } from '../data/routes';

interface RouteFiltersProps {
  filter: RouteFilter;
  choices: { backends: string[]; statuses: number[] };
  onChange(filter: RouteFilter): void;
}

export function RouteFilters({ filter, choices, onChange }: RouteFiltersProps) {
  const set = (field: keyof RouteFilter, value: string): void => onChange({ ...filter, [field]: value });
  // A chosen value stays selectable after its requests scrolled out of the list.
  const backends = filter.backend && !choices.backends.includes(filter.backend) ? [...choices.backends, filter.backend] : choices.backends;
  const statuses = choices.statuses.map(String);
  if (/^\d+$/.test(filter.status) && !statuses.includes(filter.status)) statuses.push(filter.status);
  return (
    <div className="filters" role="search">
      <label>
        Key
        <input type="search" data-testid="filter-key" placeholder="name or id" value={filter.key} onChange={(e) => set('key', e.target.value)} />
      </label>
      <label>
        Model
        <input type="search" data-testid="filter-model" placeholder="requested model" value={filter.model} onChange={(e) => set('model', e.target.value)} />
      </label>
      <label>
        Backend
        <select data-testid="filter-backend" value={filter.backend} onChange={(e) => set('backend', e.target.value)}>
          <option value="">all backends</option>
          {backends.map((backend) => (
            <option key={backend} value={backend}>
              {backend === 'none' ? 'none (no backend answered)' : backend}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select data-testid="filter-status" value={filter.status} onChange={(e) => set('status', e.target.value)}>
          <option value="">all</option>
          <option value="ok">succeeded</option>
          <option value="error">failed</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
