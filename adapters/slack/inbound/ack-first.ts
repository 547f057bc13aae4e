/**
 * Acks before answers. Slack gives 3 s for the ack, but an answer can follow via response_url for 30
 * minutes. Work that follows an ack() waits here for its turn: one interaction starts per turn of the
 * event loop, after Node has read every request that arrived meanwhile and Bolt has acked it. Without
 * this, a request arriving during a burst waits behind the commands of all requests before it (about
 * 5-30 ms of CPU each), and its ack can miss the 3 s; with it, it waits for at most one. Answers keep
 * their order, and each turn still starts one, so a stream of acks cannot starve them.
 */
const waiting: (() => void)[] = [];
let scheduled = false;

/** Resolves when it is this caller's turn; the caller's synchronous work then runs before Node polls again. */
export function turnAfterAcks(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(next);
    }
  });
}

/** setImmediate runs after the poll phase, so requests that are readable now are acked first. */
function next(): void {
  waiting.shift()?.();
  if (waiting.length > 0) setImmediate(next);
  else scheduled = false;
}
