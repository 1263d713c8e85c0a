// Authenticates each case (JSON lines on stdin: {url, method, headers, options}) with
// Clerk's JavaScript SDK and prints one JSON line per case: the request state's status,
// reason, Location, Set-Cookie headers and the signed-in user. Used by
// tests/tests/js_parity.rs; run `npm ci` in this folder first.
import { createClerkClient } from '@clerk/backend';
import readline from 'node:readline';

// The SDK logs to the console on some paths (redirect loops, failed handshakes): kept
// with the case's answer (for reading, not compared).
let logs = [];
console.log = console.error = console.warn = (...args) => logs.push(args.map(String).join(' '));
const out = process.stdout;

for await (const line of readline.createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const { url, method, headers, options } = JSON.parse(line);
  logs = [];
  let result;
  try {
    const clerk = createClerkClient({
      secretKey: options.secretKey,
      publishableKey: options.publishableKey,
      jwtKey: options.jwtKey,
      apiUrl: options.apiUrl,
    });
    const state = await clerk.authenticateRequest(new Request(url, { method, headers }), options);
    const auth = state.status === 'signed-in' ? state.toAuth() : null;
    result = {
      status: state.status,
      reason: state.reason ?? null,
      location: state.headers.get('location'),
      setCookie: state.headers.getSetCookie(),
      userId: auth?.userId ?? null,
    };
  } catch (error) {
    result = { status: 'error', reason: String(error?.message ?? error).slice(0, 200) };
  }
  out.write(JSON.stringify({ ...result, logs }) + '\n');
}
