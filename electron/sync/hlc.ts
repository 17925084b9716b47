/**
 * Hybrid logical clock (Kulkarni et al.). Office PCs often have wrong clocks: the HLC never goes backwards
 * even when the wall clock does, and it moves past any timestamp it has seen from another office, so the
 * order of edits is decided by causality first and the wall clock only as a hint.
 *
 * Encoded as a fixed-width string so that string order = clock order: 15-digit ms, 6-char base36 counter,
 * then the node (office) id as the final tie-breaker.
 */
export interface HlcState {
  wall: number;
  counter: number;
}

export function encodeHlc(s: HlcState, node: string): string {
  return `${String(s.wall).padStart(15, '0')}-${s.counter.toString(36).padStart(6, '0')}-${node}`;
}

export function decodeHlc(hlc: string): HlcState & { node: string } {
  const m = /^(\d{15})-([0-9a-z]{6})-(.+)$/.exec(hlc);
  if (!m) throw new Error(`无效的时间戳:${hlc}`);
  return { wall: Number(m[1]), counter: parseInt(m[2], 36), node: m[3] };
}

/** Next local event. */
export function tick(prev: HlcState, now: number): HlcState {
  return now > prev.wall ? { wall: now, counter: 0 } : { wall: prev.wall, counter: prev.counter + 1 };
}

/** Merge a remote timestamp (on receiving a sync package) so later local edits sort after it. */
export function receive(prev: HlcState, remote: HlcState, now: number): HlcState {
  const wall = Math.max(prev.wall, remote.wall, now);
  if (wall === prev.wall && wall === remote.wall) return { wall, counter: Math.max(prev.counter, remote.counter) + 1 };
  if (wall === prev.wall) return { wall, counter: prev.counter + 1 };
  if (wall === remote.wall) return { wall, counter: remote.counter + 1 };
  return { wall, counter: 0 };
}
