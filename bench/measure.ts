/** Process measurement helpers for the benchmark: wall time, CPU time, peak RSS, statistics. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface RunResult {
  readonly wallMs: number;
  /** User + system CPU time of the command and the processes it waited for (NaN where /proc is missing). */
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly exitCode: number | null;
  readonly stdoutBytes: number;
}

/** A memory figure from /proc/<pid>/status in MB (`VmHWM`: peak resident set; `VmRSS`: current), 0 once the process is gone. */
function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

export const peakRssMb = (pid: number) => procStatusMb(pid, 'VmHWM');
export const currentRssMb = (pid: number) => procStatusMb(pid, 'VmRSS');

/** Linux reports CPU times in clock ticks of 1/100 s (USER_HZ). */
const MS_PER_TICK = 10;

/**
 * CPU time from /proc/<pid>/stat in ms: `own` = utime + stime of the process, `children` =
 * cutime + cstime of the children it has waited for. NaN where there is no /proc.
 */
export function cpuTimeMs(pid: number | 'self'): { own: number; children: number } {
  try {
    return cpuOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return { own: Number.NaN, children: Number.NaN };
  }
}

/** The CPU times of a /proc stat line (a process's, or one thread's under /proc/<pid>/task), in ms. */
export function cpuOfStat(stat: string): { own: number; children: number } {
  // Fields after the command name (which may hold spaces and parentheses), from field 3 (state) on.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  return { own: (fields[11] + fields[12]) * MS_PER_TICK, children: (fields[13] + fields[14]) * MS_PER_TICK };
}

/**
 * A process's CPU time in ms split between its main thread (the one whose id is the process's: a
 * Node server's event loop) and all its other threads (V8's garbage collector and compiler, worker
 * threads); NaN where there is no /proc. Threads that ended are not counted.
 */
export function threadCpuMs(pid: number): { main: number; others: number } {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return { main: Number.NaN, others: Number.NaN };
  }
  let main = Number.NaN;
  let others = 0;
  for (const thread of threads) {
    let own: number;
    try {
      own = cpuOfStat(readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8')).own;
    } catch {
      continue; // the thread ended since the listing
    }
    if (Number(thread) === pid) main = own;
    else others += own;
  }
  return { main, others };
}

/**
 * CPU time the hypervisor gave to others while this machine wanted it (`steal` in /proc/stat), in ms
 * summed over the cores; NaN where there is no /proc. On a virtual machine it tells latency tails that
 * no process caused.
 */
export function stolenCpuMs(): number {
  try {
    return stealTicksOf(readFileSync('/proc/stat', 'utf8')) * MS_PER_TICK;
  } catch {
    return Number.NaN;
  }
}

/** The `steal` ticks of /proc/stat's all-cores line (user nice system idle iowait irq softirq steal …), NaN when absent. */
export function stealTicksOf(procStat: string): number {
  const line = /^cpu\s+([^\n]*)/m.exec(procStat);
  const fields = line ? line[1].trim().split(/\s+/).map(Number) : [];
  return fields.length > 7 ? fields[7] : Number.NaN;
}

/**
 * Runs a command to completion, polling its VmHWM (the kernel's high-water
 * mark, so a late poll still sees the peak) every few milliseconds. Its CPU
 * time is what it adds to this process's waited-for children: commands run
 * one at a time, so nothing else is counted.
 */
export function run(command: string, args: readonly string[], cwd?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const childrenBefore = cpuTimeMs('self').children;
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let peak = 0;
    let stdoutBytes = 0;
    let stderr = '';
    const poll = setInterval(() => (peak = Math.max(peak, peakRssMb(child.pid!))), 5);
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      peak = Math.max(peak, peakRssMb(child.pid!));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      const wallMs = performance.now() - started;
      if (code !== 0 && code !== 1) {
        const reason = /heap out of memory/.test(stderr) ? 'JavaScript heap out of memory' : stderr.trim().split('\n').slice(-3).join(' | ');
        reject(new Error(`${command} ${args.join(' ')}: ${signal ? `killed by ${signal}` : `exit code ${code}`} after ${(wallMs / 1000).toFixed(0)} s: ${reason}`));
        return;
      }
      resolve({ wallMs, cpuMs: cpuTimeMs('self').children - childrenBefore, peakRssMb: peak, exitCode: code, stdoutBytes });
    });
  });
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile; NaN when there are no values or one of them is NaN (a failed run). */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length || values.some(Number.isNaN)) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
