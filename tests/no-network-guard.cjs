/**
 * Preload (`node --require tests/no-network-guard.cjs dist/cli.js ...`) that makes every
 * way out of the process fail and records the attempt: TCP/TLS/UDP sockets, DNS, http(s),
 * fetch, WebSocket, and starting programs (a PDF "Launch" action would need one). Worker
 * threads inherit --require through execArgv, so the piscina workers are guarded too.
 *
 * Each process/thread appends to $NO_NET_LOG:
 *   {"event":"guard","pid":..,"thread":..}          once, when the guard is installed
 *   {"event":"attempt","what":"net.connect",...}    for every blocked attempt
 * The test asserts guard lines from the main thread and the workers, and no attempt lines.
 *
 * NO_NET_ALLOW_LOOPBACK=1 (the fetcher's tests, whose site is a local server): a TCP connection to
 * 127.0.0.1 or ::1 by IP is let through (http.request included, as it connects through
 * net.Socket.connect); every other host, DNS and the rest stay blocked and recorded.
 */
'use strict';
const fs = require('node:fs');
const { threadId } = require('node:worker_threads');

const LOG = process.env.NO_NET_LOG;
const record = (o) => {
  if (LOG) fs.appendFileSync(LOG, JSON.stringify({ ...o, pid: process.pid, thread: threadId }) + '\n');
};

function blocked(what, detail) {
  let d = '';
  try {
    d = typeof detail === 'string' ? detail : JSON.stringify(detail);
  } catch {
    d = String(detail);
  }
  record({ event: 'attempt', what, detail: d && d.slice(0, 300), stack: new Error().stack.split('\n').slice(2, 8).join(' | ') });
  const err = new Error(`network access blocked by no-network-guard: ${what}`);
  err.code = 'ENETBLOCKED';
  return err;
}

const wrap = (obj, name, what) => {
  if (!obj || typeof obj[name] !== 'function') return;
  Object.defineProperty(obj, name, {
    configurable: true,
    writable: true,
    value: function guarded(...args) {
      throw blocked(what, args[0]);
    },
  });
};

const net = require('node:net');
const LOOPBACK = process.env.NO_NET_ALLOW_LOOPBACK === '1';
/** The host a Socket.connect call names (its arguments as net.connect or Node's internals pass them). */
const connectHost = (args) => {
  let o = args[0];
  if (Array.isArray(o)) o = o[0];
  if (o && typeof o === 'object') return o.host ?? o.hostname ?? (o.path ? null : 'localhost');
  if (typeof o === 'number' || (typeof o === 'string' && /^\d+$/.test(o))) return typeof args[1] === 'string' ? args[1] : 'localhost';
  return null;
};
if (LOOPBACK) {
  const original = net.Socket.prototype.connect;
  Object.defineProperty(net.Socket.prototype, 'connect', {
    configurable: true,
    writable: true,
    value: function guardedLoopback(...args) {
      const host = connectHost(args);
      if (host === '127.0.0.1' || host === '::1') return original.apply(this, args);
      throw blocked('net.Socket.connect', { host, args: String(args[0] && args[0][0] ? JSON.stringify(args[0][0]) : args[0]) });
    },
  });
} else {
  wrap(net.Socket.prototype, 'connect', 'net.Socket.connect');
  wrap(net, 'connect', 'net.connect');
  wrap(net, 'createConnection', 'net.createConnection');
}
const tls = require('node:tls');
wrap(tls, 'connect', 'tls.connect');
const dgram = require('node:dgram');
wrap(dgram, 'createSocket', 'dgram.createSocket');

const dns = require('node:dns');
for (const f of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveTxt', 'resolveSrv', 'resolveNs', 'reverse']) {
  wrap(dns, f, `dns.${f}`);
  wrap(dns.promises, f, `dns.promises.${f}`);
}

for (const mod of LOOPBACK ? ['node:https'] : ['node:http', 'node:https']) {
  const m = require(mod);
  wrap(m, 'request', `${mod.slice(5)}.request`);
  wrap(m, 'get', `${mod.slice(5)}.get`);
}
const http2 = require('node:http2');
wrap(http2, 'connect', 'http2.connect');

if (typeof globalThis.fetch === 'function') {
  globalThis.fetch = function guardedFetch(input) {
    return Promise.reject(blocked('fetch', String(input && input.url ? input.url : input)));
  };
}
if (typeof globalThis.WebSocket === 'function') {
  globalThis.WebSocket = function GuardedWebSocket(url) {
    throw blocked('WebSocket', String(url));
  };
}

// Starting programs: nothing in the pipeline may (a PDF /Launch action, a DOCX field).
const cp = require('node:child_process');
for (const f of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) wrap(cp, f, `child_process.${f}`);

// ESM named imports of builtins (import { connect } from 'node:net') see the patches too.
require('node:module').syncBuiltinESMExports();

record({ event: 'guard' });
