/**
 * CPU time a child process has used so far (user + system, from /proc; Linux only, 10 ms ticks).
 * The ack bench reads it around each round: at saturation a server's latency is set by how much CPU
 * it spends per request, acked or not, so this is what explains a ratio.
 */
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function cpuMs(pid: number): number {
  try {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return Number.NaN; // not Linux, or the process is gone
  }
}
