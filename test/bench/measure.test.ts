/**
 * The benchmark's statistics and /proc readings (bench/measure.ts): a percentile is the nearest
 * rank, a failed run (NaN) spoils it rather than vanishing; the hypervisor's steal is the eighth
 * number of /proc/stat's all-cores line, and an older kernel's shorter line has none; a process's
 * (or thread's) CPU times are read after the last parenthesis, its command name may hold others.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuOfStat, median, percentile, stealTicksOf } from '../../bench/measure';

test('percentiles by nearest rank', () => {
  const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
  const rendered = [0, 10, 50, 90, 95, 100].map((p) => `p${p}=${percentile(samples, p)}`).join(' ');
  assert.equal(rendered, 'p0=1 p10=1 p50=5 p90=9 p95=10 p100=10');
  assert.equal(median([3, 1, 2]), 2);
  assert.ok(Number.isNaN(percentile([], 50)));
  assert.ok(Number.isNaN(percentile([1, Number.NaN, 3], 50)));
});

test('steal ticks from /proc/stat', () => {
  const procStat = [
    'cpu  5664422 54370 788397 6731258 38013 0 15116 283253 0 0',
    'cpu0 2832211 27185 394198 3365629 19006 0 7558 141626 0 0',
    'intr 123 0 0',
  ].join('\n');
  assert.equal(stealTicksOf(procStat), 283253);
  // Before Linux 2.6.11 the line stops at softirq: no steal to read.
  assert.ok(Number.isNaN(stealTicksOf('cpu  1 2 3 4 5 6 7\n')));
  assert.ok(Number.isNaN(stealTicksOf('cpu0 1 2 3 4 5 6 7 8\n')));
});

test('CPU times of a /proc stat line, whatever the command name holds', () => {
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
  const stat = '4242 (node (worker) 1) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 7 3 20 0 11 0';
  assert.deepEqual(cpuOfStat(stat), { own: 3000, children: 100 });
});
