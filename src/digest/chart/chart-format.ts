/** Digits grouped by thousands with commas ("12,345.6"); no Intl, so output is the same everywhere. */
export function formatNumber(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}

/** Decimals that show a value's size: 2 below 1, 1 below 100, none above. */
function autoDecimals(value: number): number {
  const size = Math.abs(value);
  if (size !== 0 && size < 1) return 2;
  if (size < 100 && !Number.isInteger(value)) return 1;
  return 0;
}

/** A value with automatic decimals: 0.05, 7.5, 75, 1,250. */
export function formatAuto(value: number): string {
  return formatNumber(value, autoDecimals(value));
}

/** Four significant digits, so axis bounds in the spec read 90.75, not 90.75000000000001. */
export function tidy(value: number): number {
  return Number(value.toPrecision(4));
}
