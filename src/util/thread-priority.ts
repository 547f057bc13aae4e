import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Gives the calling worker thread a lower CPU priority (a higher nice value) than the main thread, so
 * on a machine with few cores the main thread's acks and HTTP answers get the CPU first and this
 * thread's work fills the gaps. Linux only: there a thread has its own id (/proc/thread-self) and
 * setpriority() on that id changes that thread alone. Elsewhere this does nothing. Raising one's own
 * nice value needs no privileges.
 */
export function lowerThisThreadsPriority(nice = 10): boolean {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
