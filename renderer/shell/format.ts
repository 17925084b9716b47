import dayjs from 'dayjs';

/**
 * Times are stored as UTC ISO instants; clerks read their own local time, written the way the rest of the
 * app writes dates (YYYY-MM-DD, 24-hour clock) rather than the browser's locale format with slashes.
 */
export function formatDateTime(iso: unknown, opts: { seconds?: boolean } = {}): string {
  if (typeof iso !== 'string' || !iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.format(opts.seconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : iso;
}
