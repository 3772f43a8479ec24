/**
 * Whether a response_url payload, or an ack's body, is the full Scaling Indicators (the
 * `/scale status` answer).
 */
export function isIndicators(payload: unknown): boolean {
  if (typeof payload !== 'object' || payload === null) return false;
  const { text, blocks } = payload as { text?: unknown; blocks?: unknown };
  return (
    typeof text === 'string' &&
    text.startsWith('Scaling Indicators') &&
    Array.isArray(blocks) &&
    blocks.length >= 5 &&
    !JSON.stringify(blocks).includes('data unavailable')
  );
}
