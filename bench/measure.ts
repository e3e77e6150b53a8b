/** Process measurement helpers for the benchmark: wall time, peak RSS, statistics. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface RunResult {
  readonly wallMs: number;
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

/**
 * Runs a command to completion, polling its VmHWM (the kernel's high-water
 * mark, so a late poll still sees the peak) every few milliseconds.
 */
export function run(command: string, args: readonly string[], cwd?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
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
    child.on('exit', (code) => {
      clearInterval(poll);
      const wallMs = performance.now() - started;
      if (code !== 0 && code !== 1) {
        reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`));
        return;
      }
      resolve({ wallMs, peakRssMb: peak, exitCode: code, stdoutBytes });
    });
  });
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
