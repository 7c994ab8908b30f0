/**
 * Benchmark: how big each tool's result is, i.e. what an MCP client (or n8n's AI Agent) hands its model
 * after a call of a tool of examples/userlike-mcp-server.json. n8n sends a tool's output items as one
 * JSON text (`JSON.stringify` of the items' `json`), so that text's length is the figure, per call and
 * per record, with Simplify on (the example's setting) and off. Tokens are estimated as characters / 4
 * (OpenAI's rule of thumb for English and JSON). Sizes depend on the sandbox's seed only, not on the
 * machine. Rows go to bench/RESULTS.md (results.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { runUserlike } from '../harness/n8n';
import { createUserlikeSimulator, ORG_TOKEN, SEEDED, type UserlikeSimulator } from '../simulator';
import { recordRow } from './results';

const SECTION = 'Tool results (what a model reads after a tool call of the MCP server example)';
const EXAMPLE = path.resolve(__dirname, '../../examples/userlike-mcp-server.json');

/** The tools' parameters with each `$fromAI(key, …)` replaced by the value a model would pass. */
function toolParameters(name: string, inputs: Record<string, unknown>): IDataObject {
	const workflow = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
	const node = workflow.nodes.find((n: any) => n.name === name);
	if (!node) throw new Error(`no tool "${name}" in ${EXAMPLE}`);
	// The tool's description is for the model, not a node parameter of the operation.
	const parameters = { ...node.parameters };
	delete parameters.descriptionType;
	delete parameters.toolDescription;
	const resolve = (value: unknown): unknown => {
		if (typeof value === 'string') {
			const m = /^=\{\{ \$fromAI\('(\w+)'/.exec(value);
			if (!m) return value;
			if (!(m[1] in inputs)) throw new Error(`no value for $fromAI('${m[1]}') of ${name}`);
			return inputs[m[1]];
		}
		if (Array.isArray(value)) return value.map(resolve);
		if (value && typeof value === 'object')
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
		return value;
	};
	return resolve(parameters) as IDataObject;
}

let sim: UserlikeSimulator;
beforeAll(async () => {
	sim = await createUserlikeSimulator();
});
afterAll(async () => {
	await sim.close();
});

const newestConversationOfAnna = () =>
	Math.max(
		...sim.data.conversations
			.filter((c) => c.contact_identity_id === SEEDED.annaContactId)
			.map((c) => c.id),
	);

const TOOLS: Array<{ tool: string; inputs: () => Record<string, unknown>; simplify: boolean }> = [
	{ tool: 'find_contact', inputs: () => ({ query: 'anna' }), simplify: true },
	{ tool: 'get_contact', inputs: () => ({ contactId: SEEDED.annaContactId }), simplify: true },
	{
		tool: 'update_contact_phone',
		inputs: () => ({ contactId: SEEDED.annaContactId, phoneNumber: '+49 30 555' }),
		simplify: true,
	},
	{
		tool: 'list_contact_conversations',
		inputs: () => ({ contactId: SEEDED.annaContactId }),
		simplify: true,
	},
	{
		tool: 'read_conversation_messages',
		inputs: () => ({ conversationId: newestConversationOfAnna() }),
		simplify: false,
	},
	{
		tool: 'add_conversation_note',
		inputs: () => ({ conversationId: newestConversationOfAnna(), text: 'Called back (bench)' }),
		simplify: false,
	},
];

async function size(parameters: IDataObject): Promise<{ records: number; chars: number }> {
	const { items, error } = await runUserlike(parameters, {
		apiToken: ORG_TOKEN,
		baseUrl: sim.url,
		apiVersion: 'v3',
	});
	expect(error).toBeUndefined();
	return { records: items.length, chars: JSON.stringify(items).length };
}

const figure = ({ records, chars }: { records: number; chars: number }) =>
	`${chars.toLocaleString('en')} chars for ${records} record${records === 1 ? '' : 's'}: ${Math.round(
		chars / Math.max(records, 1),
	).toLocaleString('en')} chars ≈ ${Math.round(chars / Math.max(records, 1) / 4).toLocaleString(
		'en',
	)} tokens per record`;

test.each(TOOLS)('$tool', async ({ tool, inputs, simplify }) => {
	const parameters = toolParameters(tool, inputs());
	const on = await size(parameters);
	expect(on.records).toBeGreaterThan(0);
	if (!simplify) {
		recordRow({
			section: SECTION,
			case: `${tool} (${parameters.resource} ${parameters.operation}; no Simplify option)`,
			value: figure(on),
			read: 'the whole records as Userlike sends them; tokens ≈ chars / 4',
		});
		return;
	}
	const off = await size({ ...parameters, simplify: false });
	expect(off.records).toBe(on.records);
	recordRow({
		section: SECTION,
		case: `${tool} (${parameters.resource} ${parameters.operation}), Simplify on (the example) / off`,
		value: `on: ${figure(on)}; off: ${figure(off)}; on/off ${(on.chars / off.chars).toFixed(2)}×`,
		read: 'what the model reads per call; Simplify on should be well below off (lower is better); tokens ≈ chars / 4',
	});
});
