// Dates for `{{$datetime …}}`, `{{$localDatetime …}}` and `{{$timestamp …}}`: REST Client's offsets
// (`-1 d`, `2 h`) and its custom formats, which use day.js tokens (`"YYYY-MM-DD HH:mm"`). Only the
// common tokens are supported; text in [brackets] is literal, as in day.js.

export const OFFSET_UNITS = ['y', 'M', 'w', 'd', 'h', 'm', 's', 'ms'] as const;
export type OffsetUnit = (typeof OFFSET_UNITS)[number];

export function isOffsetUnit(text: string): text is OffsetUnit {
  return (OFFSET_UNITS as readonly string[]).includes(text);
}

/** Calendar units (y, M) keep the day of the month where possible, like day.js. */
export function addOffset(date: Date, amount: number, unit: OffsetUnit): Date {
  const result = new Date(date.getTime());
  const fixed: Partial<Record<OffsetUnit, number>> = {
    w: 7 * 86_400_000,
    d: 86_400_000,
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
  };
  if (unit === 'y') result.setUTCFullYear(result.getUTCFullYear() + amount);
  else if (unit === 'M') result.setUTCMonth(result.getUTCMonth() + amount);
  else result.setTime(result.getTime() + amount * fixed[unit]!);
  return result;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const TOKEN = /\[([^\]]*)]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|m|ss|s|SSS|A|a|ZZ|Z|X|x/g;

export type Zone = 'utc' | 'local';

export function formatDate(date: Date, format: string, zone: Zone): string {
  const parts = dateParts(date, zone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const hour12 = parts.hour % 12 === 0 ? 12 : parts.hour % 12;
  return format.replace(TOKEN, (token, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    switch (token) {
      case 'YYYY':
        return pad(parts.year, 4);
      case 'YY':
        return pad(parts.year % 100);
      case 'MMMM':
        return MONTHS[parts.month];
      case 'MMM':
        return MONTHS[parts.month].slice(0, 3);
      case 'MM':
        return pad(parts.month + 1);
      case 'M':
        return String(parts.month + 1);
      case 'DD':
        return pad(parts.day);
      case 'D':
        return String(parts.day);
      case 'dddd':
        return DAYS[parts.weekday];
      case 'ddd':
        return DAYS[parts.weekday].slice(0, 3);
      case 'HH':
        return pad(parts.hour);
      case 'H':
        return String(parts.hour);
      case 'hh':
        return pad(hour12);
      case 'h':
        return String(hour12);
      case 'mm':
        return pad(parts.minute);
      case 'm':
        return String(parts.minute);
      case 'ss':
        return pad(parts.second);
      case 's':
        return String(parts.second);
      case 'SSS':
        return pad(parts.millisecond, 3);
      case 'A':
        return parts.hour < 12 ? 'AM' : 'PM';
      case 'a':
        return parts.hour < 12 ? 'am' : 'pm';
      case 'ZZ':
        return zoneOffset(parts.offsetMinutes, '');
      case 'Z':
        return zoneOffset(parts.offsetMinutes, ':');
      case 'X':
        return String(Math.floor(date.getTime() / 1000));
      default:
        return String(date.getTime()); // 'x'
    }
  });
}

/** ISO 8601 with the zone's offset: `2026-11-22T06:30:00.000Z` in UTC, `…+01:00` in local time. */
export function isoDate(date: Date, zone: Zone): string {
  return zone === 'utc' ? date.toISOString() : formatDate(date, 'YYYY-MM-DDTHH:mm:ss.SSSZ', 'local');
}

/** RFC 1123 (HTTP dates): `Sun, 22 Nov 2026 06:30:00 GMT`; local time carries its offset instead. */
export function rfc1123Date(date: Date, zone: Zone): string {
  return zone === 'utc' ? date.toUTCString() : formatDate(date, 'ddd, DD MMM YYYY HH:mm:ss ZZ', 'local');
}

function dateParts(date: Date, zone: Zone) {
  if (zone === 'utc') {
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth(),
      day: date.getUTCDate(),
      weekday: date.getUTCDay(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
      millisecond: date.getUTCMilliseconds(),
      offsetMinutes: 0,
    };
  }
  return {
    year: date.getFullYear(),
    month: date.getMonth(),
    day: date.getDate(),
    weekday: date.getDay(),
    hour: date.getHours(),
    minute: date.getMinutes(),
    second: date.getSeconds(),
    millisecond: date.getMilliseconds(),
    offsetMinutes: -date.getTimezoneOffset(),
  };
}

function zoneOffset(minutes: number, separator: string): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${separator}${String(abs % 60).padStart(2, '0')}`;
}
