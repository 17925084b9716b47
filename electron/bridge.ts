import type { Envelope } from '../shared/api/errors';

/** The one IPC channel every contract method travels on. */
export const IPC_CHANNEL = 'ledger:call';

/**
 * The object the preload exposes as `window.ledger`: exactly one function per contract method, each
 * sending (method, input) over the single channel. Nothing else crosses into the page.
 */
export function buildBridge(
  methods: readonly string[],
  invoke: (channel: string, method: string, input: unknown) => Promise<Envelope<unknown>>,
) {
  const api: Record<string, (input: unknown) => Promise<Envelope<unknown>>> = Object.create(null);
  for (const m of methods) api[m] = (input: unknown) => invoke(IPC_CHANNEL, m, input);
  return Object.freeze(api);
}
