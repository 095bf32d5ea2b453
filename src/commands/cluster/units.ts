/** Human units for the terminal table only: TSV and JSON keep the API's raw numbers. */
import { cellText } from '../../render/view.js';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 → "1.5 KiB"; anything that is not a number is shown as it is. */
export function bytes(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return cellText(value);
  let n = Math.abs(value);
  let unit = 0;
  while (n >= 1024 && unit < BYTE_UNITS.length - 1) {
    n /= 1024;
    unit++;
  }
  const sign = value < 0 ? '-' : '';
  return unit === 0 ? `${sign}${n} B` : `${sign}${n.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** Milliseconds → the two largest units: "3d 4h", "4h 12m", "12m 5s", "42s". */
export function duration(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return cellText(value);
  let s = Math.floor(value / 1000);
  const parts: Array<[number, string]> = [];
  for (const [size, unit] of [
    [86_400, 'd'],
    [3_600, 'h'],
    [60, 'm'],
  ] as const) {
    parts.push([Math.floor(s / size), unit]);
    s %= size;
  }
  parts.push([s, 's']);
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0s';
  return parts
    .slice(first, first + 2)
    .filter(([n], i) => i === 0 || n > 0)
    .map(([n, u]) => `${n}${u}`)
    .join(' ');
}
