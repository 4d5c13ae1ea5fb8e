// agoras's Bluesky plugin against Bluesky's reference PDS, which nobody here wrote and which validates every
// record against the lexicons: the real build/bin/agoras logs in with an app password, posts (facets, unknown
// handles, Indic text counted as the PDS counts it, languages, an image), replies, likes and reposts (twice), and
// deletes; each result is read back from the PDS. Exits non-zero on a failure.
// Environment: AGORAS (the binary), WORK (a scratch directory). Run by run.sh under Node.js 22.
import { TestNetworkNoAppView } from '@atproto/dev-env';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';

const network = await TestNetworkNoAppView.create({});
const url = network.pds.url;
const alice = network.pds.getAgent();
const bob = network.pds.getAgent();
let failed = false;

async function step(name, body) {
  try {
    await body();
    console.error(`ok - ${name}`);
  } catch (error) {
    failed = true;
    console.error(`not ok - ${name}\n${error.stack ?? error}`);
  }
}

// Asynchronous, since the PDS answers from this process's event loop.
function agoras(args) {
  const env = { PATH: process.env.PATH, HOME: process.env.WORK, AGORAS_STORAGE_DIR: `${process.env.WORK}/store` };
  return new Promise((resolve) => {
    execFile(process.env.AGORAS, args, { encoding: 'utf8', timeout: 60_000, env }, (error, out, err) => {
      resolve({ code: error ? (error.code ?? -1) : 0, out, err });
    });
  });
}
async function result(args) {
  const run = await agoras(args);
  assert.equal(run.code, 0, `agoras ${args.slice(0, 2).join(' ')}: ${run.err}`);
  return JSON.parse(run.out.trim().split('\n').at(-1));
}
async function record(uri) {
  const [, , repo, collection, rkey] = uri.split('/');
  return (await alice.com.atproto.repo.getRecord({ repo, collection, rkey })).data;
}
async function gone(uri) {
  await assert.rejects(record(uri), /RecordNotFound|Could not locate record/);
}

// A small PNG, made here so that the test needs no file of its own.
function png(width, height) {
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);  // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x80)]);
  const pixels = zlib.deflateSync(Buffer.concat(Array(height).fill(row)));
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', header), chunk('IDAT', pixels),
                        chunk('IEND', Buffer.alloc(0))]);
}

await alice.createAccount({ email: 'alice@example.invalid', handle: 'alice.test', password: 'alice-account-password' });
await bob.createAccount({ email: 'bob@example.invalid', handle: 'bob.test', password: 'bob-account-password' });
const appPassword = (await alice.com.atproto.server.createAppPassword({ name: 'agoras' })).data.password;
const bobPost = await bob.post({ text: 'Hello from Bob', createdAt: new Date().toISOString() });

await step('authorize: an app password, the PDS from the DID document', async () => {
  const out = await result(['bluesky', 'authorize', '--service', url, '--handle', 'alice.test', '--app-password', appPassword]);
  assert.equal(out.id, alice.session.did);
  assert.equal(out.pds, url);
  assert.ok(!(await agoras(['auth', 'status'])).out.includes(appPassword));
});

await step('post: facets for a known handle, a tag and a link; an unknown handle (HandleNotFound) is plain text', async () => {
  const text = 'hi @bob.test and @nobody.test: #agoras https://example.com/a?b=1';
  const out = await result(['bluesky', 'post', '--text', text]);
  const { value } = await record(out.id);
  assert.equal(value.text, text);
  assert.deepEqual(value.facets.map((f) => f.features[0].$type),
                   ['app.bsky.richtext.facet#mention', 'app.bsky.richtext.facet#tag', 'app.bsky.richtext.facet#link']);
  assert.equal(value.facets[0].features[0].did, bob.session.did);
});

await step('Indic conjuncts count as the PDS counts them (Unicode 15.1, GB9c) in six scripts', async () => {
  for (const conjunct of ['\u0915\u094D\u0937', '\u0995\u09CD\u09B7', '\u0A95\u0ACD\u0AB7', '\u0B15\u0B4D\u0B37',
                          '\u0C15\u0C4D\u0C37', '\u0D15\u0D4D\u0D37']) {
    const out = await result(['bluesky', 'post', '--text', conjunct.repeat(300)]);
    assert.equal((await record(out.id)).value.text, conjunct.repeat(300));
    const over = await agoras(['bluesky', 'post', '--text', conjunct.repeat(301)]);
    assert.equal(over.code, 2, over.err);
    // The PDS refuses those 301 too: agoras counts exactly as it does.
    await assert.rejects(alice.com.atproto.repo.createRecord({
      repo: alice.session.did, collection: 'app.bsky.feed.post',
      record: { $type: 'app.bsky.feed.post', text: conjunct.repeat(301), createdAt: new Date().toISOString() } }));
  }
});

await step('--language: a BCP 47 tag is kept in langs, a locale is refused before sending', async () => {
  const out = await result(['bluesky', 'post', '--text', 'olá', '--language', 'pt-BR']);
  assert.deepEqual((await record(out.id)).value.langs, ['pt-BR']);
  assert.equal((await agoras(['bluesky', 'post', '--text', 'hello', '--language', 'en_US'])).code, 2);
});

await step('an image is uploaded as a blob the PDS serves back, with its alt text and aspect ratio', async () => {
  const path = `${process.env.WORK}/picture.png`;
  writeFileSync(path, png(40, 30));
  const out = await result(['bluesky', 'post', '--text', 'a picture', '--image', path, '--alt-text', 'grey']);
  const { value } = await record(out.id);
  const image = value.embed.images[0];
  assert.equal(image.alt, 'grey');
  assert.deepEqual(image.aspectRatio, { width: 40, height: 30 });
  const blob = await alice.com.atproto.sync.getBlob({ did: alice.session.did, cid: image.image.ref.toString() });
  assert.ok(blob.data.length > 0);
});

await step('reply, like and repost twice (one record each), delete', async () => {
  const reply = await result(['bluesky', 'reply', '--post-id', bobPost.uri, '--text', 'hello Bob']);
  assert.equal((await record(reply.id)).value.reply.root.uri, bobPost.uri);
  const like = await result(['bluesky', 'like', '--post-id', bobPost.uri]);
  const again = await result(['bluesky', 'like', '--post-id', bobPost.uri]);
  assert.equal(again.id, like.id);
  assert.equal((await record(like.id)).value.subject.uri, bobPost.uri);
  const repost = await result(['bluesky', 'share', '--post-id', bobPost.uri]);
  assert.equal((await result(['bluesky', 'share', '--post-id', bobPost.uri])).id, repost.id);
  const likes = await alice.com.atproto.repo.listRecords({ repo: alice.session.did, collection: 'app.bsky.feed.like' });
  assert.equal(likes.data.records.length, 1);
  assert.equal((await result(['bluesky', 'delete', '--post-id', reply.id])).id, reply.id);
  await gone(reply.id);
});

await step('whoami', async () => {
  const out = await result(['bluesky', 'whoami']);
  assert.equal(out.handle, 'alice.test');
});

await network.close();
process.exit(failed ? 1 : 0);
