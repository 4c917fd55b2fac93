import { t } from './i18n.js';

/** "12 分钟" / "3.5 小时" from milliseconds. */
export function duration(ms) {
  if (ms == null || !isFinite(ms)) return t('time.never');
  const min = Math.floor(ms / 60000);
  if (min < 1) return t('time.justNow');
  if (min < 120) return `${min} ${t('time.min')}`;
  return `${(min / 60).toFixed(1)} ${t('time.h')}`;
}

export function since(iso, now = Date.now()) {
  return iso ? duration(now - Date.parse(iso)) : t('time.never');
}

/** Local wall-clock time (the operator's zone, China Standard Time on HQ consoles). */
export function clock(ms) {
  return new Date(ms).toLocaleTimeString(undefined, { hour12: false });
}

export function dateTime(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { hour12: false }) : '';
}

export function km(metres) {
  return metres == null ? '' : `${(metres / 1000).toFixed(metres < 10000 ? 1 : 0)} km`;
}

export function escape(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/** A six-digit region code's prefix: 510000 -> 51, 511800 -> 5118. */
export function regionPrefix(code) {
  let p = code;
  while (p.length > 2 && p.endsWith('00')) p = p.slice(0, -2);
  return p;
}
