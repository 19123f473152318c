#!/usr/bin/env node
// The load beside a rollout benchmark: a process of its own, so that the deploy's own work does
// not slow the requests that are meant to observe it. It sends `--rate` requests per second to
// `--url`, alternating between a keep-alive connection pool and a new connection per request
// (the two ways a user's traffic reaches a proxy, and they fail differently: a new connection is
// refused while nothing listens, a kept-alive one is reset when its server goes away).
// It stops on SIGTERM/SIGINT or when stdin closes, and prints one JSON line:
//   { requests, failed, failures: {reason: count}, longestGapMs, versions: {body: count}, durationMs }
// `longestGapMs` is the longest time between two successful answers: what a user would call the
// outage. A request counts as failed when it errors, times out (`--timeout`, default 2 s), or
// answers anything but 2xx.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { setInterval, clearInterval } from 'node:timers';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    rate: { type: 'string', default: '120' },
    timeout: { type: 'string', default: '2000' },
  },
});
if (!values.url) {
  console.error('usage: node bench/rollout/load.mjs --url http://127.0.0.1:PORT/ [--rate 120] [--timeout 2000]');
  process.exit(2);
}
const url = new URL(values.url);
const rate = Number(values.rate);
const timeoutMs = Number(values.timeout);
if (!(rate > 0) || !(timeoutMs > 0)) {
  console.error('--rate and --timeout must be positive numbers');
  process.exit(2);
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 8 });
const started = performance.now();
const result = { requests: 0, failed: 0, failures: {}, versions: {} };
let lastSuccess = started;
let longestGapMs = 0;
let inFlight = 0;
let stopping = false;

function fail(reason) {
  result.failed += 1;
  result.failures[reason] = (result.failures[reason] ?? 0) + 1;
}

function succeed(body) {
  const now = performance.now();
  longestGapMs = Math.max(longestGapMs, now - lastSuccess);
  lastSuccess = now;
  const version = body.trim().slice(0, 40) || '(empty)';
  result.versions[version] = (result.versions[version] ?? 0) + 1;
}

function send(fresh) {
  result.requests += 1;
  inFlight += 1;
  const request = http.get(
    url,
    fresh
      ? { agent: false, headers: { connection: 'close' }, timeout: timeoutMs }
      : { agent: keepAlive, timeout: timeoutMs },
    (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        inFlight -= 1;
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) succeed(body);
        else fail(`http ${status}`);
      });
      response.on('error', (error) => {
        inFlight -= 1;
        fail(error.code ?? error.message);
      });
    },
  );
  request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
  request.on('error', (error) => {
    inFlight -= 1;
    fail(error.code ?? error.message);
  });
}

// Paced against the clock, not by setInterval alone: a late tick sends what it owes, so a busy
// machine keeps the rate instead of quietly lowering it.
let sent = 0;
let fresh = false;
const tick = setInterval(() => {
  const owed = Math.floor(((performance.now() - started) / 1000) * rate) - sent;
  for (let i = 0; i < owed; i += 1) {
    send(fresh);
    fresh = !fresh;
    sent += 1;
  }
}, 5);

async function stop() {
  if (stopping) return;
  stopping = true;
  clearInterval(tick);
  // Let the requests already sent finish (each is bounded by the timeout).
  const waitUntil = performance.now() + timeoutMs + 500;
  while (inFlight > 0 && performance.now() < waitUntil) await new Promise((r) => setTimeout(r, 10));
  const end = performance.now();
  longestGapMs = Math.max(longestGapMs, end - lastSuccess);
  keepAlive.destroy();
  process.stdout.write(
    `${JSON.stringify({ ...result, longestGapMs: Math.round(longestGapMs), durationMs: Math.round(end - started) })}\n`,
    () => process.exit(0),
  );
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
