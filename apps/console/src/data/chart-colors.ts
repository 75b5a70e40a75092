/** Series colours readable on both the light and the dark background (hex, so a fill can add alpha). */
export const CHART_COLORS = {
  primary: '#4e79a7',
  secondary: '#f28e2b',
  danger: '#e15759',
  good: '#59a14f',
} as const;
