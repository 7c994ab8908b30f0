/**
 * The package as n8n loads it: n8n-core's PackageDirectoryLoader reads package.json's `n8n` section
 * and dist/, so a missing file, icon or codex fails here. Also the credential's test request and the
 * resource locators' list searches, run through n8n-core's contexts against the simulator.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type {
	ICredentialTestRequest,
	INodeProperties,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';
import { LoadOptionsContext } from 'n8n-core';
import { ExecutionLifecycleHooks } from 'n8n-core';
import { request } from 'undici';

import {
	buildAdditionalData,
	buildWorkflow,
	loadPackage,
	PACKAGE_ROOT,
	TestCredentialsHelper,
} from '../harness/n8n';
import {
	ADDON_EVENTS,
	CHATBOT_WEBHOOK_EVENTS,
	CONVERSATION_TRIGGER_EVENTS,
	CUSTOM_REPLY_EVENT,
	OPERATIONS,
	REPLY_EVENTS,
} from '../contract';
import { CUSTOMER_TOKEN, ORG_TOKEN, SEEDED } from '../simulator';
import { useSimulator } from './setup';

const ctx = useSimulator();

async function userlikeDescription(): Promise<INodeTypeDescription> {
	const { loader } = await loadPackage();
	return (loader.nodeTypes.userlike.type as { description: INodeTypeDescription }).description;
}

describe('package', () => {
	it('no source file under nodes/ is over 350 lines (one file per operation, helpers split by job)', () => {
		const files = readdirSync(path.join(PACKAGE_ROOT, 'nodes'), {
			recursive: true,
			encoding: 'utf8',
		})
			.filter((file) => file.endsWith('.ts'))
			.map((file) => ({
				file,
				lines: readFileSync(path.join(PACKAGE_ROOT, 'nodes', file), 'utf8')
					.trimEnd()
					.split('\n').length,
			}));
		expect(files.length).toBeGreaterThan(40);
		expect(files.filter(({ lines }) => lines > 350)).toEqual([]);
	});

	it('loads every node and credential that package.json names, with their icons', async () => {
		const { loader } = await loadPackage();
		expect(Object.keys(loader.nodeTypes).sort()).toEqual(
			[
				'userlike',
				'userlikeChatbot',
				'userlikeChatbotTrigger',
				'userlikeConversationTrigger',
				'userlikeTrigger',
			].sort(),
		);
		expect(Object.keys(loader.credentialTypes).sort()).toEqual(
			['userlikeApi', 'userlikeChatbotApi', 'userlikeWebhookHeaderApi'].sort(),
		);
		const description = await userlikeDescription();
		expect(description.usableAsTool).toBe(true);
		for (const folder of [
			'Userlike',
			'UserlikeTrigger',
			'UserlikeChatbotTrigger',
			'UserlikeChatbot',
			'UserlikeConversationTrigger',
		]) {
			expect(existsSync(path.join(PACKAGE_ROOT, 'dist/nodes', folder, `${folder}.node.json`))).toBe(
				true,
			);
		}
		// One icon pair in icons/, referenced by every node and credential (as n8n-nodes-starter does):
		// the URLs n8n's loader resolves must name those two files.
		const iconUrls = [
			...Object.values(loader.nodeTypes).map(
				(node) => (node.type as { description: INodeTypeDescription }).description.iconUrl,
			),
			...Object.values(loader.credentialTypes).map((credential) => credential.type.iconUrl),
		];
		expect(iconUrls).toHaveLength(8);
		for (const iconUrl of iconUrls) {
			expect(iconUrl).toEqual({
				light: 'icons/n8n-nodes-userlike/dist/icons/userlike.svg',
				dark: 'icons/n8n-nodes-userlike/dist/icons/userlike.dark.svg',
			});
		}
		for (const svg of ['userlike.svg', 'userlike.dark.svg'])
			for (const folder of [
				'Userlike',
				'UserlikeTrigger',
				'UserlikeChatbotTrigger',
				'UserlikeChatbot',
				'UserlikeConversationTrigger',
			])
				expect(existsSync(path.join(PACKAGE_ROOT, 'dist/nodes', folder, svg))).toBe(false);
	});

	it('has the 21 operations by their contract values', async () => {
		const description = await userlikeDescription();
		const resources = (
			description.properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]
		).map((o) => o.value);
		expect(resources.sort()).toEqual(Object.keys(OPERATIONS).sort());
		let count = 0;
		for (const [resource, operations] of Object.entries(OPERATIONS)) {
			const operation = description.properties.find(
				(p: INodeProperties) =>
					p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
			)!;
			const values = (operation.options as INodePropertyOptions[]).map((o) => o.value);
			expect(values.sort()).toEqual([...operations].sort());
			count += values.length;
		}
		expect(count).toBe(21);
	});

	it('has the 29 event values of the triggers and the chatbot reply (with Custom Event)', async () => {
		const { loader } = await loadPackage();
		const optionValues = (nodeName: string, parameter: string) => {
			const description = (loader.nodeTypes[nodeName].type as { description: INodeTypeDescription })
				.description;
			const property = description.properties.find((p) => p.name === parameter)!;
			return (property.options as INodePropertyOptions[]).map((o) => o.value);
		};
		const addon = optionValues('userlikeTrigger', 'events').filter((value) => value !== '*');
		expect(addon.sort()).toEqual([...ADDON_EVENTS].sort());
		expect(optionValues('userlikeTrigger', 'events')).toContain('*');
		expect(optionValues('userlikeChatbotTrigger', 'events').sort()).toEqual(
			[...CHATBOT_WEBHOOK_EVENTS].sort(),
		);
		expect(optionValues('userlikeChatbot', 'event').sort()).toEqual(
			[...REPLY_EVENTS, CUSTOM_REPLY_EVENT].sort(),
		);
		expect(addon.length + CHATBOT_WEBHOOK_EVENTS.length + REPLY_EVENTS.length + 1).toBe(29);
	});

	it('has the 3 event values of the Userlike Conversation Trigger, a polling trigger', async () => {
		const { loader } = await loadPackage();
		const description = (
			loader.nodeTypes.userlikeConversationTrigger.type as { description: INodeTypeDescription }
		).description;
		expect(description.polling).toBe(true);
		const event = description.properties.find((p) => p.name === 'event')!;
		expect((event.options as INodePropertyOptions[]).map((o) => o.value).sort()).toEqual(
			[...CONVERSATION_TRIGGER_EVENTS].sort(),
		);
	});

	it('both webhook triggers are version 2 for new nodes and still load version 1 (saved workflows)', async () => {
		// n8n evaluates an expression of its own for every webhook call to a version-1 start node
		// (`$parameter["options"]["binaryData"]`, its Webhook 1 option); version 2 spares it.
		const { loader, nodeTypes } = await loadPackage();
		for (const name of ['userlikeTrigger', 'userlikeChatbotTrigger']) {
			const description = (loader.nodeTypes[name].type as { description: INodeTypeDescription })
				.description;
			expect({ name, version: description.version }).toEqual({ name, version: [1, 2] });
			for (const version of [1, 2]) {
				const type = nodeTypes.getByNameAndVersion(`n8n-nodes-userlike.${name}`, version);
				expect(typeof type.webhook).toBe('function');
			}
		}
	});

	it('the credential has the contract fields, the token as a password', async () => {
		const { credentialTypes } = await loadPackage();
		const credential = credentialTypes.get('userlikeApi')!;
		expect(credential.displayName).toBe('Userlike API');
		const fields = Object.fromEntries(credential.properties.map((p) => [p.name, p]));
		expect(Object.keys(fields)).toEqual([
			'apiToken',
			'organizationId',
			'operatorId',
			'apiVersion',
			'baseUrl',
		]);
		expect(fields.apiToken.typeOptions?.password).toBe(true);
		expect(fields.apiVersion.default).toBe('v3');
		expect((fields.apiVersion.options as INodePropertyOptions[]).map((o) => o.value)).toEqual([
			'v3',
			'v2',
		]);
		expect(fields.baseUrl.default).toBe('https://api.userlike.com');
	});
});

describe('what the node panels show', () => {
	it('each node shows at most one notice, of at most 30 words; the rest is in hints and descriptions', async () => {
		const { loader } = await loadPackage();
		const notices: Record<string, string[]> = {};
		for (const [name, { type }] of Object.entries(loader.nodeTypes)) {
			const { properties } = (type as { description: INodeTypeDescription }).description;
			notices[name] = properties.filter((p) => p.type === 'notice').map((p) => p.displayName);
		}
		for (const [name, texts] of Object.entries(notices)) {
			expect({ name, count: texts.length }).toEqual({ name, count: Math.min(texts.length, 1) });
			for (const text of texts) {
				const words = text.split(/\s+/).length;
				expect({ name, words }).toEqual({ name, words: Math.min(words, 30) });
			}
		}
		// the advice that left the notices is still shown, where it applies
		const chatbotTrigger = (
			loader.nodeTypes.userlikeChatbotTrigger.type as { description: INodeTypeDescription }
		).description;
		const events = chatbotTrigger.properties.find((p) => p.name === 'events')!;
		expect(events.hint).toMatch(/chatInput.*sessionId/);
		const respond = chatbotTrigger.properties.find((p) => p.name === 'responseMode')!;
		const responseNode = (respond.options as INodePropertyOptions[]).find(
			(o) => o.value === 'responseNode',
		)!;
		expect(responseNode.description).toMatch(/Reply fast/);
	});
});

describe('router', () => {
	it('refuses a resource or operation that is not in the typed map, prototype keys included', async () => {
		for (const [resource, operation] of [
			['note', 'update'],
			['conversation', 'toString'],
			['operator', 'hasOwnProperty'],
		]) {
			const { error, items } = await ctx.run({ resource, operation });
			expect(error?.message).toBe(
				`The operation "${operation}" of resource "${resource}" is not supported`,
			);
			expect(items).toEqual([]);
		}
		expect(ctx.apiCalls()).toEqual([]);
	});

	it('points "Custom API Call" (added by n8n) to the HTTP Request node', async () => {
		const { error } = await ctx.run({ resource: 'conversation', operation: '__CUSTOM_API_CALL__' });
		expect(error?.message).toBe('Custom API Call runs in an HTTP Request node');
		expect(error?.description).toMatch(/Predefined Credential Type.*Userlike API/);
		expect(ctx.apiCalls()).toEqual([]);
	});
});

describe('credential test request', () => {
	/** Resolves the test request as n8n does ($credentials expressions) and applies `authenticate`. */
	async function sendTestRequest(apiToken: string, extra: Record<string, string> = {}) {
		const { credentialTypes } = await loadPackage();
		const credential = credentialTypes.get('userlikeApi')!;
		const data = {
			apiToken,
			organizationId: '',
			operatorId: '',
			apiVersion: 'v3',
			baseUrl: `${ctx.sim.url}/`,
			...extra,
		};
		const workflow = await buildWorkflow({
			nodes: [{ name: 'Userlike', type: 'userlike', parameters: {} }],
		});
		const node = workflow.getNode('Userlike')!;
		const { request: testRequest } = credential.test as ICredentialTestRequest;
		const resolve = (value: string) =>
			String(
				workflow.expression.getSimpleParameterValue(node, value, 'internal', {
					$credentials: data,
				}),
			);
		const options = await new TestCredentialsHelper(credentialTypes, {}).authenticate(
			data,
			'userlikeApi',
			{ url: resolve(testRequest.baseURL!) + testRequest.url, qs: testRequest.qs },
			workflow,
			node,
		);
		const query = new URLSearchParams(options.qs as Record<string, string>).toString();
		return await request(`${options.url}?${query}`, {
			headers: options.headers as Record<string, string>,
		});
	}

	it('proves a good token with one cheap GET', async () => {
		const response = await sendTestRequest(ORG_TOKEN);
		expect(response.statusCode).toBe(200);
		await response.body.dump();
		const calls = ctx.apiCalls();
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({
			method: 'GET',
			path: '/api/um/v3/operators/',
			query: { limit: '1' },
		});
	});

	it('fails with a wrong token', async () => {
		const response = await sendTestRequest('nope');
		expect(response.statusCode).toBe(401);
		await response.body.dump();
	});

	it("authenticate is a function (no expression per request) that n8n's editor still sees, and sends the organization and operator headers only when set", async () => {
		const { credentialTypes } = await loadPackage();
		const credential = credentialTypes.get('userlikeApi')!;
		expect(typeof credential.authenticate).toBe('function');
		// What n8n's editor receives: n8n copies each loaded credential with an object spread
		// (LoadNodesAndCredentials.postProcessLoaders) and writes it as JSON, where the loader's toJSON
		// turns a function into {}. The editor offers a credential to the HTTP Request node, and n8n adds
		// Custom API Call, when `authenticate` is there: a prototype method would be lost in the spread.
		for (const name of ['userlikeApi', 'userlikeChatbotApi']) {
			const { authenticate } = JSON.parse(JSON.stringify({ ...credentialTypes.get(name)! }));
			expect(authenticate).toEqual({});
		}

		const unset = await sendTestRequest(CUSTOMER_TOKEN, { organizationId: ' ', operatorId: '' });
		expect(unset.statusCode).toBe(200);
		await unset.body.dump();
		const set = await sendTestRequest(CUSTOMER_TOKEN, {
			organizationId: ` ${SEEDED.organization2Id} `,
			operatorId: String(SEEDED.org2OperatorIds[0]),
		});
		expect(set.statusCode).toBe(200);
		const body = (await set.body.json()) as { results: Array<{ organization: { id: number } }> };
		expect(body.results[0].organization.id).toBe(SEEDED.organization2Id);
		const [first, second] = ctx.apiCalls();
		expect(first.headers.authorization).toBe(CUSTOMER_TOKEN);
		expect(first.headers).not.toHaveProperty('userlike-organization-id');
		expect(first.headers).not.toHaveProperty('userlike-operator-id');
		expect(second.headers).toMatchObject({
			authorization: CUSTOMER_TOKEN,
			'userlike-organization-id': String(SEEDED.organization2Id),
			'userlike-operator-id': String(SEEDED.org2OperatorIds[0]),
		});
	});
});

describe('resource locator list searches', () => {
	async function search(method: string, filter?: string, paginationToken?: string) {
		const workflow = await buildWorkflow({
			nodes: [{ name: 'Userlike', type: 'userlike', parameters: {}, credentials: ['userlikeApi'] }],
		});
		const hooks = new ExecutionLifecycleHooks('manual', 'x', {} as never);
		const additionalData = await buildAdditionalData({ userlikeApi: ctx.credentials() }, hooks);
		const context = new LoadOptionsContext(
			workflow,
			workflow.getNode('Userlike')!,
			additionalData,
			'parameters.contactId',
		);
		const { loader } = await loadPackage();
		const type = loader.nodeTypes.userlike.type as unknown as {
			methods: {
				listSearch: Record<
					string,
					(
						this: unknown,
						filter?: string,
						token?: string,
					) => Promise<{
						results: Array<{ name: string; value: string }>;
						paginationToken?: string;
					}>
				>;
			};
		};
		return await type.methods.listSearch[method].call(context, filter, paginationToken);
	}

	it('contacts: searches with search_query and pages with the next link', async () => {
		const first = await search('searchContacts', 'anna schmidt');
		expect(first.results[0]).toEqual({
			name: 'Anna Schmidt · anna.schmidt@example.com',
			value: '2001',
		});
		expect(ctx.apiCalls()[0].query).toEqual({ search_query: 'anna schmidt', limit: '50' });

		const all = await search('searchContacts');
		expect(all.results).toHaveLength(40);
		expect(all.paginationToken).toBeUndefined();
	});

	it('conversations and operators', async () => {
		const conversations = await search('searchConversations', 'gregor');
		expect(conversations.results[0].name).toMatch(/^#\d+ Gregor Meyer/);
		const operators = await search('searchOperators', 'lena');
		const lena = ctx.sim.data.operators.find((o) => o.id === 103)!;
		expect(operators.results).toEqual([{ name: `Lena Hoffmann · ${lena.email}`, value: '103' }]);
	});

	it('notes: the notes list, matched on the text here (the list has no search)', async () => {
		// The newest note of organization 1: on the first page (the list is newest first).
		const note = ctx.sim.data.notes
			.filter((n) => n.organization_id === SEEDED.organizationId && n.body.trim())
			.sort((a, b) => b.id - a.id)[0];
		const word = note.body.split(/\s+/)[0];
		const found = await search('searchNotes', word);
		expect(found.results.map((r) => r.value)).toContain(String(note.id));
		for (const result of found.results)
			expect(result.name.toLowerCase()).toContain(word.toLowerCase());
		expect(ctx.apiCalls()[0]).toMatchObject({ path: '/api/um/v3/notes/', query: { limit: '50' } });
		const { loader } = await loadPackage();
		const description = (loader.nodeTypes.userlike.type as { description: INodeTypeDescription })
			.description;
		const noteId = description.properties.filter((p) => p.name === 'noteId');
		expect(noteId.map((p) => p.type)).toEqual(['resourceLocator', 'resourceLocator']);
	});
});
