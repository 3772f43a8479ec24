/** JSON with object keys sorted, so equal content serialises equally whatever the key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v).toSorted(([a], [b]) => a.localeCompare(b)));
  });
}
