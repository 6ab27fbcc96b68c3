/**
 * The report's header: machine, versions, and how busy the CPU was with other work while the
 * benchmark ran (this machine is shared; every figure here is wall clock unless it says CPU).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};
const run = (cmd: string, args: string[]) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  chromium: string | null;
  python: string | null;
  date: string;
}

export function machineInfo(chromiumPath: string): MachineInfo {
  const osRelease = /PRETTY_NAME="([^"]+)"/.exec(read('/etc/os-release'))?.[1] ?? `${os.type()} ${os.release()}`;
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1e9),
    os: `${osRelease}, kernel ${os.release()}`,
    node: process.version,
    chromium: run(chromiumPath, ['--version']),
    python: run('/usr/bin/python3', ['--version']),
    date: new Date().toISOString(),
  };
}

/** Busy and total jiffies of the whole machine (/proc/stat). */
function cpuTimes(): { busy: number; total: number } {
  const f = read('/proc/stat').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  if (f.length < 5) return { busy: 0, total: 0 };
  const idle = f[3] + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Load over one section: the machine's busy cores, the 1-minute load average at the end. */
export interface SectionLoad {
  section: string;
  seconds: number;
  /** Average cores busy (all processes, ours included). */
  busyCores: number;
  /** Average cores busy with work other than this Node process (0 when the section runs in a child). */
  otherCores: number | null;
  loadAvg1: number;
}

export function loadMeter(section: string, ownProcessOnly: boolean) {
  const c0 = cpuTimes();
  const p0 = process.cpuUsage();
  const t0 = performance.now();
  return (): SectionLoad => {
    const c1 = cpuTimes();
    const p = process.cpuUsage(p0);
    const seconds = (performance.now() - t0) / 1000;
    const cores = os.cpus().length;
    const busyCores = c1.total > c0.total ? ((c1.busy - c0.busy) / (c1.total - c0.total)) * cores : NaN;
    const own = (p.user + p.system) / 1e6 / seconds;
    return { section, seconds, busyCores, otherCores: ownProcessOnly ? Math.max(0, busyCores - own) : null, loadAvg1: os.loadavg()[0] };
  };
}
