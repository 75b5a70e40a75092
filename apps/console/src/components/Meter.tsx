interface MeterProps {
  value: number;
  max: number;
  text: string;
}

/** A figure with a small fill bar; full (and marked) when at or over its maximum. */
export function Meter({ value, max, text }: MeterProps) {
  const share = max > 0 ? Math.min(1, value / max) : value > 0 ? 1 : 0;
  return (
    <span className="meter">
      <span className="meter-track" aria-hidden="true">
        <span className={share >= 1 ? 'meter-fill meter-full' : 'meter-fill'} style={{ width: `${share * 100}%` }} />
      </span>
      <span>{text}</span>
    </span>
  );
}
