'use strict';
/**
 * What `npm start` and the end-to-end suite put into n8n: credentials that point at the Userlike
 * sandbox, and the example workflows (examples/*.json) adapted to the sandbox's address.
 */
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./host.cjs');

const EXAMPLES_DIR = path.join(ROOT, 'examples');
/** The address the examples are written for; rewritten when the sandbox runs elsewhere. */
const EXAMPLE_SANDBOX_URL = 'http://127.0.0.1:4010';

/** Credential IDs the examples refer to. */
const CREDENTIAL_IDS = {
	org1: 'userlikeSandbox1',
	customer: 'userlikeSandbox2',
	chatbot: 'userlikeChatbot01',
	webhookHeader: 'userlikeHeader01',
	openAi: 'sandboxOpenAi01',
	mcpBearer: 'userlikeMcpBearer01',
};

/** The header both triggers check in the sandbox setup. */
const WEBHOOK_HEADER_NAME = 'X-Userlike-Secret';

/**
 * Credentials for the sandbox (plain-text data: n8n's import encrypts it).
 * `chatbot` is `{ apiUrl, securityToken }` when the sandbox has a chatbot API URL; `openAi` is
 * `{ baseUrl, apiKey }` of the sandbox's OpenAI-compatible stand-in (test/simulator/openai.ts);
 * `mcpToken` is the bearer token MCP clients send to the MCP server example.
 */
function sandboxCredentials({
	sandboxUrl,
	tokens,
	seeded,
	chatbot,
	webhookSecret,
	openAi,
	mcpToken,
}) {
	const credentials = [
		{
			id: CREDENTIAL_IDS.org1,
			name: 'Userlike Sandbox',
			type: 'userlikeApi',
			data: {
				apiToken: tokens.ORG_TOKEN,
				organizationId: '',
				operatorId: '',
				apiVersion: 'v3',
				baseUrl: sandboxUrl,
			},
		},
		{
			id: CREDENTIAL_IDS.customer,
			name: `Userlike Customer Token (sandbox, organization ${seeded.organization2Id}, operator ${seeded.org2OperatorIds[0]})`,
			type: 'userlikeApi',
			data: {
				apiToken: tokens.CUSTOMER_TOKEN,
				organizationId: String(seeded.organization2Id),
				operatorId: String(seeded.org2OperatorIds[0]),
				apiVersion: 'v3',
				baseUrl: sandboxUrl,
			},
		},
		{
			id: CREDENTIAL_IDS.webhookHeader,
			name: 'Userlike Sandbox Webhook Header',
			type: 'userlikeWebhookHeaderApi',
			data: { webhookHeaderName: WEBHOOK_HEADER_NAME, webhookHeaderSecret: webhookSecret },
		},
		{
			id: CREDENTIAL_IDS.chatbot,
			name: 'Userlike Sandbox Chatbot',
			type: 'userlikeChatbotApi',
			data: {
				apiUrl: chatbot?.apiUrl ?? `${sandboxUrl}/api/chatbot/sandbox`,
				securityToken: chatbot?.securityToken ?? 'sandbox-security-token',
				webhookHeaderName: WEBHOOK_HEADER_NAME,
				webhookHeaderSecret: webhookSecret,
			},
		},
		{
			// n8n's own OpenAI credential (n8n-nodes-base): the AI support bot example's model.
			id: CREDENTIAL_IDS.openAi,
			name: 'Sandbox Model (OpenAI-compatible stand-in)',
			type: 'openAiApi',
			data: {
				apiKey: openAi?.apiKey ?? 'sk-sandbox',
				organizationId: '',
				url: openAi?.baseUrl ?? `${sandboxUrl}/openai/v1`,
				header: false,
			},
		},
		{
			// n8n's own Bearer Auth credential (n8n-nodes-base): what the MCP Server Trigger of
			// examples/userlike-mcp-server.json expects in `Authorization: Bearer <token>`.
			id: CREDENTIAL_IDS.mcpBearer,
			name: 'Userlike MCP Server Token',
			type: 'httpBearerAuth',
			data: { token: mcpToken ?? 'sandbox-mcp-token' },
		},
	];
	// Which credential a node added from the nodes panel gets (README: "Userlike Sandbox", organization
	// 1): n8n's editor (NodeCredentials.vue, "Select most recent credential by default") takes the
	// option with the newest `updatedAt`, and options are sorted by name. In the workflow editor n8n
	// 2.8 loads the credentials from GET /rest/credentials/for-workflow, which carries no `updatedAt`:
	// the rule then falls to the LAST option by name. So "Userlike Sandbox" is the newest Userlike API
	// credential and also the last by name (the customer token's credential is named "Userlike
	// Customer Token …", not "Userlike Sandbox (…)", which sorted after it). The editor suite (npm run
	// test:ui) checks on each host what a new node gets.
	const now = Date.now();
	return credentials.map((credential, index) => {
		const at = new Date(
			now - (credential.id === CREDENTIAL_IDS.org1 ? 0 : (index + 1) * 60_000),
		).toISOString();
		return { ...credential, createdAt: at, updatedAt: at };
	});
}

function exampleFiles() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => path.join(EXAMPLES_DIR, f));
}

/** An example workflow, with the sandbox address it names replaced by `sandboxUrl`. */
function loadExample(file, sandboxUrl = EXAMPLE_SANDBOX_URL) {
	const text = fs
		.readFileSync(file, 'utf8')
		.split(EXAMPLE_SANDBOX_URL)
		.join(sandboxUrl.replace(/\/+$/, ''));
	return JSON.parse(text);
}

/** The examples' trigger nodes of this package, with their production webhook paths. */
function webhookTriggers(workflow) {
	return workflow.nodes
		.filter(
			(node) => /^n8n-nodes-userlike\.userlike(Chatbot)?Trigger$/.test(node.type) && !node.disabled,
		)
		.map((node) => ({
			workflowId: workflow.id,
			node: node.name,
			type: node.type.split('.')[1],
			path: `${node.webhookId}/webhook`,
		}));
}

/**
 * The MCP Server Triggers (n8n's `@n8n/n8n-nodes-langchain.mcpTrigger`) of a workflow, with their
 * production URL path (n8n serves them under /mcp/): `<path>` for typeVersion 2 (streamable HTTP on
 * POST; SSE on GET where the host's trigger offers it), `<path>/sse` for 1 and 1.1 (SSE only).
 */
function mcpServers(workflow) {
	return workflow.nodes
		.filter((node) => node.type === '@n8n/n8n-nodes-langchain.mcpTrigger' && !node.disabled)
		.map((node) => ({
			workflowId: workflow.id,
			node: node.name,
			path: `mcp/${node.parameters.path}${node.typeVersion < 2 ? '/sse' : ''}`,
			authentication: node.parameters.authentication ?? 'none',
		}));
}

/**
 * The sandbox's stand-in for a team chat: the add-on alert example posts `{ text }` there, as it would
 * to a Slack or Microsoft Teams incoming webhook.
 */
function addTeamChat(sim) {
	const alerts = [];
	sim.route('POST', /^\/sandbox\/team-chat\/?$/, (ctx) => {
		alerts.push(ctx.body);
		return { status: 200, body: { ok: true } };
	});
	sim.route('GET', /^\/sandbox\/team-chat\/?$/, () => ({ status: 200, body: { alerts } }));
	return alerts;
}

/**
 * The sandbox's stand-in for a spreadsheet: the conversation-sync-sheet example appends one row per
 * changed conversation (POST a JSON row); GET lists the rows.
 */
function addSheet(sim) {
	const rows = [];
	sim.route('POST', /^\/sandbox\/sheet\/?$/, (ctx) => {
		rows.push(ctx.body);
		return { status: 200, body: { ok: true, rows: rows.length } };
	});
	sim.route('GET', /^\/sandbox\/sheet\/?$/, () => ({ status: 200, body: { rows } }));
	return rows;
}

module.exports = {
	EXAMPLES_DIR,
	EXAMPLE_SANDBOX_URL,
	CREDENTIAL_IDS,
	WEBHOOK_HEADER_NAME,
	sandboxCredentials,
	exampleFiles,
	loadExample,
	webhookTriggers,
	mcpServers,
	addTeamChat,
	addSheet,
};
