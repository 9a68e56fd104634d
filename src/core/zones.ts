// IANA time zones as the platforms report them and people type them.

/** The zone's canonical name (`asia/shanghai` → `Asia/Shanghai`), or null when it is not one. */
export function canonicalZone(name: string): string | null {
  const v = name.trim();
  if (v === '' || v.length > 64) return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

