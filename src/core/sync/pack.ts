/** A compact, exact JSON form for fetched data: arrays of objects stored as columns (each key once), so the state holds what was fetched without repeating every field name. */

const COLUMNS = '$c';
/** Stands for a key an object of a packed array does not have; a real string starting with `$` gets one more `$`. */
const ABSENT = '$a';

function packCell(v: unknown): Json {
  if (v === undefined) return ABSENT;
  if (typeof v === 'string' && v.startsWith('$')) return `$${v}`;
  return pack(v);
}

function unpackCell(cell: unknown): { value?: unknown } {
  if (cell === ABSENT) return {};
  if (typeof cell === 'string' && cell.startsWith('$$')) return { value: cell.slice(1) };
  return { value: unpack(cell) };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `value` with every array of plain objects turned into `{ $c: [keys, ...rows] }`; undefined members are dropped as JSON drops them. */
export function pack(value: unknown): Json {
  if (Array.isArray(value)) {
    if (value.length > 1 && value.every(isPlainObject)) {
      const keys = [...new Set(value.flatMap((o) => Object.keys(o).filter((k) => o[k] !== undefined)))];
      const rows = value.map((o) => keys.map((k) => packCell(o[k])));
      return { [COLUMNS]: [keys, ...rows] };
    }
    return value.map(pack);
  }
  if (isPlainObject(value)) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = pack(v);
    return out;
  }
  return (value ?? null) as Json;
}

/** The value `pack` was given (as JSON would round-trip it). */
export function unpack(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unpack);
  if (!isPlainObject(value)) return value;
  const columns = value[COLUMNS];
  if (Array.isArray(columns) && Object.keys(value).length === 1) {
    const [keys, ...rows] = columns as [string[], ...unknown[][]];
    return rows.map((row) => {
      const o: Record<string, unknown> = {};
      keys.forEach((k, i) => {
        const cell = unpackCell(row[i]);
        if ('value' in cell) o[k] = cell.value;
      });
      return o;
    });
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = unpack(v);
  return out;
}
