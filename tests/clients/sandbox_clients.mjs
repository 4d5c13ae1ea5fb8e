// Clients nobody here wrote, driving agoras-sandbox as they would drive the real services: Bluesky's official
// @atproto/api, masto and megalodon (Mastodon), grammY (Telegram), @discordjs/rest (Discord), and crosspost
// (several at once, over https to fixed hosts, which a dispatcher sends to the sandbox instead). Each sends requests the way it
// does in the wild (JSON bodies, multipart uploads, API paths at the host's root, CIDs it checks), so a sandbox
// stricter or stranger than the service fails here. Exits non-zero on a failure.
// Environment: SANDBOX (the agoras-sandbox binary).
import { AtpAgent, RichText } from '@atproto/api';
import { createRestAPIClient, createOAuthAPIClient } from 'masto';
import { Api, InputFile } from 'grammy';
import { REST } from '@discordjs/rest';
import generator from 'megalodon';
import { Client as Crosspost, BlueskyStrategy, MastodonStrategy, TelegramStrategy, DiscordStrategy,
         DiscordWebhookStrategy } from '@humanwhocodes/crosspost';
import { Agent, setGlobalDispatcher } from 'undici';
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import assert from 'node:assert/strict';

const sandbox = spawn(process.env.SANDBOX, [], { stdio: ['ignore', 'pipe', 'inherit'] });
const [banner] = await once(sandbox.stdout, 'data');
const { url } = JSON.parse(banner.toString().split('\n')[0]);
const port = new URL(url).port;
const control = (path) => fetch(`${url}/_sandbox/${path}`, { method: 'POST' });
let failed = false;

async function step(name, body) {
  try {
    await body();
    console.error(`ok - ${name}`);
  } catch (error) {
    failed = true;
    console.error(`not ok - ${name}\n${error.stack ?? error}${error.cause ? `\ncause: ${error.cause.stack ?? error.cause}` : ''}`);
  }
}

// A 1x1 PNG.
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc000000301010018dd8db40000000049454e44ae426082', 'hex');

await step('@atproto/api: login through the entryway, then the PDS from the DID document', async () => {
  const agent = new AtpAgent({ service: url });
  await agent.login({ identifier: 'alice.sandbox.test', password: 'abcd-efgh-ijkl-mnop' });
  assert.equal(agent.session.handle, 'alice.sandbox.test');
  assert.equal(agent.pdsUrl?.toString(), `http://localhost:${port}/`);

  const rt = new RichText({ text: 'hello @bob.sandbox.test #agoras https://example.com' });
  await rt.detectFacets(agent);
  const post = await agent.post({ text: rt.text, facets: rt.facets, langs: ['en'], createdAt: new Date().toISOString() });
  assert.match(post.uri, /^at:\/\/did:plc:sandboxalice/);
  const read = await agent.com.atproto.repo.getRecord({ repo: agent.session.did, collection: 'app.bsky.feed.post',
                                                         rkey: post.uri.split('/').pop() });
  assert.equal(read.data.value.text, rt.text);
  assert.equal(read.data.cid, post.cid);

  const blob = await agent.uploadBlob(png, { encoding: 'image/png' });
  const withImage = await agent.post({
    text: 'a picture', createdAt: new Date().toISOString(),
    embed: { $type: 'app.bsky.embed.images', images: [{ alt: 'a dot', image: blob.data.blob, aspectRatio: { width: 1, height: 1 } }] },
  });
  const like = await agent.like(post.uri, post.cid);
  const repost = await agent.repost(post.uri, post.cid);
  const likes = await agent.com.atproto.repo.listRecords({ repo: agent.session.did, collection: 'app.bsky.feed.like' });
  assert.deepEqual(likes.data.records.map((r) => r.uri), [like.uri]);
  await agent.deleteRepost(repost.uri);
  await agent.deletePost(withImage.uri);
  await agent.resumeSession(agent.session);  // refreshes against the PDS
});

await step('masto: OAuth without PKCE, then JSON statuses, a multipart upload, favourite, boost, delete', async () => {
  const root = `http://localhost:${port}`;
  const oauth = createRestAPIClient({ url: root });
  const app = await oauth.v1.apps.create({ clientName: 'masto-test', redirectUris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' });
  const authorize = await fetch(`${root}/oauth/authorize/?response_type=code&client_id=${app.clientId}` +
                                `&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read+write`);
  assert.equal(authorize.status, 200);
  const code = (await authorize.text()).match(/<code>([^<]+)<\/code>/)[1];
  const token = await createOAuthAPIClient({ url: root }).token.create({
    grantType: 'authorization_code', clientId: app.clientId, clientSecret: app.clientSecret,
    redirectUri: 'urn:ietf:wg:oauth:2.0:oob', code });
  const masto = createRestAPIClient({ url: root, accessToken: token.accessToken });

  const instance = await masto.v1.instance.fetch();
  assert.ok(instance.title && instance.version);
  const me = await masto.v1.accounts.verifyCredentials();
  assert.equal(me.acct, 'alice');
  const media = await masto.v2.media.create({ file: new Blob([png], { type: 'image/png' }), description: 'a dot' });
  const status = await masto.v1.statuses.create({ status: 'hello from masto', visibility: 'unlisted', language: 'en',
                                                  mediaIds: [media.id] });
  assert.equal(status.visibility, 'unlisted');
  assert.equal(status.mediaAttachments[0].description, 'a dot');
  assert.equal(status.account.acct, 'alice');
  assert.ok((await masto.v1.statuses.$select(status.id).favourite()).favourited);
  assert.equal((await masto.v1.statuses.$select(status.id).reblog()).reblog.id, status.id);
  await masto.v1.statuses.$select(status.id).remove();
});

await step('grammY: JSON methods and a multipart photo', async () => {
  const api = new Api('123456789:SANDBOX-telegram-bot-token', { apiRoot: url });
  const me = await api.getMe();
  assert.ok(me.is_bot);
  const message = await api.sendMessage('@sandbox_channel', 'hello from grammY', { link_preview_options: { is_disabled: true } });
  assert.equal(message.text, 'hello from grammY');
  const photo = await api.sendPhoto('@sandbox_channel', new InputFile(png, 'dot.png'), { caption: 'a dot' });
  assert.equal(photo.caption, 'a dot');
  await api.deleteMessage('@sandbox_channel', message.message_id);
});

await step('@discordjs/rest: a webhook message with ?wait=true, then deleted', async () => {
  const rest = new REST({ api: `${url}/api`, version: '10' });
  const message = await rest.post('/webhooks/111111111111111111/SANDBOX-webhook-token-0123456789abcdefghijklmnop',
                                  { body: { content: 'hello from discord.js' }, query: new URLSearchParams({ wait: 'true' }), auth: false });
  assert.equal(message.content, 'hello from discord.js');
  await rest.delete(`/webhooks/111111111111111111/SANDBOX-webhook-token-0123456789abcdefghijklmnop/messages/${message.id}`, { auth: false });
});

await step('megalodon: a personal token, verify_credentials, a multipart upload and a status', async () => {
  await control('mastodon/faults?personal_token=true');
  const client = generator('mastodon', `http://localhost:${port}`, 'sandbox-mastodon-personal-token-0123456789');
  const me = await client.verifyAccountCredentials();
  assert.equal(me.data.acct, 'alice');
  const file = `${mkdtempSync(`${tmpdir()}/agoras-clients-`)}/dot.png`;
  writeFileSync(file, png);
  const media = await client.uploadMedia(createReadStream(file), { description: 'a dot' });
  const status = await client.postStatus('hello from megalodon', { media_ids: [media.data.id], visibility: 'public' });
  assert.equal(status.data.content, '<p>hello from megalodon</p>');
  assert.equal(status.data.media_attachments.length, 1);
});

await step('crosspost: Bluesky through the entryway only, Mastodon, Telegram (JSON) and Discord (its own User-Agent)', async () => {
  // crosspost speaks https to fixed hosts: each is answered by the sandbox over plain http on loopback.
  const origins = {
    'bsky.sandbox.test': url, 'mastodon.sandbox.test': `http://localhost:${port}`,
    'api.telegram.org': url, 'discord.com': url,
  };
  setGlobalDispatcher(new Agent().compose((dispatch) => (options, handler) => {
    const { host, hostname } = new URL(options.origin);
    const loopback = hostname === '127.0.0.1' || hostname === 'localhost';
    assert.ok(origins[host] || loopback, `crosspost asked for ${host}`);  // nothing may leave the machine
    return dispatch({ ...options, origin: origins[host] ?? options.origin }, handler);
  }));
  const before = await (await fetch(`${url}/_sandbox/bluesky/state`)).json();
  const crosspost = new Crosspost({ strategies: [
    new BlueskyStrategy({ identifier: 'alice.sandbox.test', password: 'abcd-efgh-ijkl-mnop', host: 'bsky.sandbox.test' }),
    new MastodonStrategy({ accessToken: 'sandbox-mastodon-personal-token-0123456789', host: 'mastodon.sandbox.test' }),
    new TelegramStrategy({ botToken: '123456789:SANDBOX-telegram-bot-token', chatId: '@sandbox_channel' }),
    new DiscordStrategy({ botToken: 'SANDBOX.bot-token.0123456789abcdefghij', channelId: '222222222222222222' }),
    new DiscordWebhookStrategy({ webhookUrl: 'https://discord.com/api/webhooks/111111111111111111/SANDBOX-webhook-token-0123456789abcdefghijklmnop' }),
  ] });
  const results = await crosspost.post('hello from crosspost', {
    images: [{ data: new Uint8Array(png), alt: 'a dot' }] });
  for (const result of results) assert.equal(result.ok, true, JSON.stringify(result));
  const after = await (await fetch(`${url}/_sandbox/bluesky/state`)).json();
  assert.ok(after.entryway_requests > before.entryway_requests);  // it never leaves the entryway, as bsky.social allows
});

sandbox.kill();
process.exit(failed ? 1 : 0);
