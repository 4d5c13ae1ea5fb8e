// The official MCP TypeScript SDK client (a client nobody here wrote) driving `agoras mcp` against
// agoras-sandbox: the handshake, the tool list and its schemas, structured results the SDK validates
// against each tool's outputSchema, refusals as isError, a publish repeated without posting twice, and
// a clean stdout (the transport fails on any line that is not a message). Exits non-zero on a failure.
// Environment: AGORAS (the binary), SANDBOX (agoras-sandbox), WORK (a scratch directory).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { spawn } from "node:child_process";
import { once } from "node:events";
import assert from "node:assert/strict";

const sandbox = spawn(process.env.SANDBOX, [], { stdio: ["ignore", "pipe", "ignore"] });
const [banner] = await once(sandbox.stdout, "data");
const { url, environment } = JSON.parse(banner.toString().split("\n")[0]);

const env = {
  ...environment,
  PATH: process.env.PATH,
  HOME: process.env.WORK,
  AGORAS_STORAGE_DIR: `${process.env.WORK}/store`,
  TELEGRAM_BOT_TOKEN: "123456789:SANDBOX-telegram-bot-token",
  TELEGRAM_CHAT_ID: "4242",
  TELEGRAM_PARSE_MODE: "none",
};

async function connect(args) {
  const transport = new StdioClientTransport({ command: process.env.AGORAS, args: ["mcp", ...args], env, stderr: "pipe" });
  const problems = [];
  transport.onerror = (error) => problems.push(String(error));  // garbage on stdout lands here
  let stderr = "";
  transport.stderr?.on("data", (chunk) => (stderr += chunk));
  const client = new Client({ name: "agoras-interop", version: "1.0.0" });
  await client.connect(transport);
  return { client, problems, stderr: () => stderr };
}

async function messages(text) {
  const state = await (await fetch(`${url}/_sandbox/telegram/state`)).json();
  return state.messages.filter((m) => m.text === text).length;
}

let failed = false;
try {
  // Read-only: the publishing tools are not offered.
  const plain = await connect([]);
  assert.equal(plain.client.getServerVersion().name, "agoras");
  const readOnly = (await plain.client.listTools()).tools.map((t) => t.name);
  assert.deepEqual(readOnly, ["list_platforms", "auth_status", "check_post"]);
  const checked = await plain.client.callTool({ name: "check_post", arguments: { targets: ["telegram"], text: "from the SDK" } });
  assert.equal(checked.isError, undefined);
  assert.equal(checked.structuredContent.results[0].status, "dry-run");
  const platforms = await plain.client.callTool({ name: "list_platforms", arguments: {} });
  assert.ok(platforms.structuredContent.platforms.some((p) => p.name === "telegram"));
  await plain.client.close();
  assert.deepEqual(plain.problems, []);

  // Publishing: once, however often the assistant repeats the call.
  const session = await connect(["--allow-publish"]);
  const tools = (await session.client.listTools()).tools;
  const publish = tools.find((t) => t.name === "publish_post");
  assert.equal(publish.annotations.destructiveHint, true);
  assert.deepEqual(publish.inputSchema.required, ["targets"]);
  const first = await session.client.callTool({ name: "publish_post", arguments: { targets: ["telegram"], text: "from the SDK" } });
  assert.equal(first.structuredContent.results[0].status, "published");
  const again = await session.client.callTool({ name: "publish_post", arguments: { targets: ["telegram"], text: "from the SDK" } });
  assert.equal(again.structuredContent.results[0].status, "already-published");
  assert.equal(await messages("from the SDK"), 1);
  const refused = await session.client.callTool({ name: "publish_post", arguments: { targets: ["telegram"], colour: "red" } });
  assert.equal(refused.isError, true);
  assert.match(refused.content[0].text, /unknown argument 'colour'/);
  await assert.rejects(session.client.callTool({ name: "no_such_tool", arguments: {} }), /Unknown tool/);
  await session.client.close();
  assert.deepEqual(session.problems, []);
  assert.ok(!session.stderr().includes("SANDBOX-telegram-bot-token"));
  console.log("the official MCP SDK client: every check passed");
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  sandbox.kill();
}
process.exit(failed ? 1 : 0);
