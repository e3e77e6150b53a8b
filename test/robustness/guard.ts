/**
 * A preload (`node --require out/test/robustness/guard.js …`) for the
 * security tests: every way a Node process reaches the network or starts a
 * process is replaced by a function that records the attempt and throws,
 * and every file the process opens for reading is recorded. Records go, one
 * JSON object per line, to the file named by FACTMARK_GUARD_LOG (written
 * synchronously, so nothing is lost if the process is killed).
 */
import childProcess from 'node:child_process';
import dgram from 'node:dgram';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

export interface GuardRecord {
  readonly kind: 'network' | 'process' | 'read';
  readonly what: string;
  readonly detail: string;
}

const logFile = process.env.FACTMARK_GUARD_LOG;
const appendRecord = fs.appendFileSync.bind(fs);

function record(entry: GuardRecord): void {
  if (logFile) appendRecord(logFile, `${JSON.stringify(entry)}\n`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof URL) return value.href;
  if (Buffer.isBuffer(value)) return value.toString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Replaces `owner[name]` with a function that records the call and throws. */
function forbid(owner: object, name: string, kind: 'network' | 'process', label: string): void {
  const target = owner as Record<string, unknown>;
  if (typeof target[name] !== 'function') return;
  target[name] = (...args: unknown[]) => {
    record({ kind, what: label, detail: describe(args[0]) });
    throw new Error(`${label} blocked by the robustness guard`);
  };
}

for (const name of ['connect', 'createConnection']) forbid(net, name, 'network', `net.${name}`);
forbid(net.Socket.prototype, 'connect', 'network', 'net.Socket#connect');
forbid(tls, 'connect', 'network', 'tls.connect');
for (const name of ['request', 'get']) {
  forbid(http, name, 'network', `http.${name}`);
  forbid(https, name, 'network', `https.${name}`);
}
forbid(http2, 'connect', 'network', 'http2.connect');
forbid(dgram, 'createSocket', 'network', 'dgram.createSocket');
for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveTxt', 'resolveSrv', 'reverse']) {
  forbid(dns, name, 'network', `dns.${name}`);
  forbid(dns.promises, name, 'network', `dns.promises.${name}`);
}
forbid(globalThis, 'fetch', 'network', 'fetch');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) forbid(childProcess, name, 'process', `child_process.${name}`);

/** Wraps a file-reading function so the path it is given is recorded first. */
function watchReads(owner: object, name: string, label: string): void {
  const target = owner as Record<string, (...args: unknown[]) => unknown>;
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function (this: unknown, ...args: unknown[]) {
    const path = args[0];
    const writing = typeof args[1] === 'string' && /[wa+]/.test(args[1]);
    if ((typeof path === 'string' || path instanceof URL || Buffer.isBuffer(path)) && !writing) record({ kind: 'read', what: label, detail: describe(path) });
    return original.apply(this, args);
  };
}

for (const name of ['open', 'openSync', 'readFile', 'readFileSync', 'createReadStream']) watchReads(fs, name, `fs.${name}`);
for (const name of ['open', 'readFile']) watchReads(fs.promises, name, `fs.promises.${name}`);
