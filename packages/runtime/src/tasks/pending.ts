/**
 * Dispatches still in flight. A task called without `await` (fire and forget inside a request
 * handler) must still reach Lambda or SNS before the invocation ends and the container is
 * frozen, so the entry waits for these before it answers.
 */
const pending = new Set<Promise<void>>();

/** Remember a dispatch until it settles (its own promise keeps its outcome for the caller). */
export function trackDispatch(dispatch: Promise<unknown>): void {
  const settled = dispatch.then(
    () => undefined,
    () => undefined,
  );
  pending.add(settled);
  void settled.then(() => pending.delete(settled));
}

/** Wait until every dispatch started so far has settled. Never rejects. */
export async function settleDispatches(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
