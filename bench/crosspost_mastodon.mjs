// One status through crosspost's Mastodon strategy, for bench/other_tools.sh: crosspost speaks https to a fixed
// host, which a dispatcher sends to the sandbox's Mastodon on loopback instead (as tests/clients does).
// Environment: SANDBOX_PORT, MASTODON_ACCESS_TOKEN.
import { Client, MastodonStrategy } from '@humanwhocodes/crosspost';
import { Agent, setGlobalDispatcher } from 'undici';

// The sandbox answers Mastodon's API at the root of http://localhost:PORT.
const origin = `http://localhost:${process.env.SANDBOX_PORT}`;
setGlobalDispatcher(new Agent().compose((dispatch) => (options, handler) => {
  const { host } = new URL(options.origin);
  if (host !== 'mastodon.sandbox.test') throw new Error(`crosspost asked for ${host}`);
  return dispatch({ ...options, origin }, handler);
}));
const client = new Client({ strategies: [
  new MastodonStrategy({ accessToken: process.env.MASTODON_ACCESS_TOKEN, host: 'mastodon.sandbox.test' }),
] });
const [result] = await client.post('benchmark');
if (!result.ok) throw new Error(JSON.stringify(result));
