// A jsonb column as the drivers return it: parsed already (pg) or as text (PGlite, some paths).
export function jsonColumn<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
