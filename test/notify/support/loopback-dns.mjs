// Preloaded into a bundled action (NODE_OPTIONS=--import) by tests that need a
// host name that is not loopback by its name yet reaches a server on 127.0.0.1:
// there is no DNS server here. Only the names listed in
// DEPLOY_KIT_TEST_LOOPBACK_NAMES (comma-separated) are answered; nodemailer
// resolves with a dns.Resolver first and dns.lookup after, so both are covered.
import dns from 'node:dns';

const names = new Set((process.env.DEPLOY_KIT_TEST_LOOPBACK_NAMES ?? '').split(',').filter(Boolean));
const { resolve4, resolve6 } = dns.Resolver.prototype;
const { lookup } = dns;

dns.Resolver.prototype.resolve4 = function (host, ...rest) {
  if (!names.has(host)) return resolve4.call(this, host, ...rest);
  process.nextTick(rest.at(-1), null, ['127.0.0.1']);
};
dns.Resolver.prototype.resolve6 = function (host, ...rest) {
  if (!names.has(host)) return resolve6.call(this, host, ...rest);
  process.nextTick(rest.at(-1), null, []);
};
dns.lookup = function (host, ...rest) {
  if (!names.has(host)) return lookup.call(this, host, ...rest);
  const all = typeof rest[0] === 'object' && rest[0] !== null && rest[0].all;
  const callback = rest.at(-1);
  if (all) process.nextTick(callback, null, [{ address: '127.0.0.1', family: 4 }]);
  else process.nextTick(callback, null, '127.0.0.1', 4);
};
