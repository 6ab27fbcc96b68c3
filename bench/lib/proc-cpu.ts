/**
 * CPU time of the Chromium processes this benchmark launched (Linux /proc): the browser's
 * counterpart of process.cpuUsage(), so the page's rates can also be given per CPU-second,
 * which other processes' load changes much less than wall clock.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // CLK_TCK is 100 on Linux x86-64

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  cpuTicks: number;
}

function readProcs(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' '); // f[0] = state, f[1] = ppid, f[11] = utime, f[12] = stime
      out.push({ pid: Number(name), ppid: Number(f[1]), comm, cpuTicks: Number(f[11]) + Number(f[12]) });
    } catch {
      // the process ended while we read
    }
  }
  return out;
}

/** @returns CPU milliseconds (user + system) of every Chromium process descending from `root`. */
export function chromiumCpuMs(root = process.pid): number {
  const procs = readProcs();
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let ticks = 0;
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    if (/chrom/i.test(p.comm)) ticks += p.cpuTicks;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return ticks * TICK_MS;
}
