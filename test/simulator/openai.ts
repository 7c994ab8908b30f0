/**
 * A stand-in for an OpenAI-compatible model, added to a Userlike simulator, for the AI support bot
 * example (examples/ai-support-bot.json) in the sandbox of `npm start` and in the tests:
 *
 *   const sim = await createUserlikeSimulator();
 *   const model = addOpenAiApi(sim);   // model.baseUrl (credential "Base URL"), model.apiKey
 *   ... n8n's OpenAI Chat Model node talks to it ...
 *   model.calls   // every completion request, its messages and tools, and what was answered
 *
 * It speaks what n8n 2.8's OpenAI Chat Model node (lmChatOpenAi 1.3, the openai SDK under LangChain's
 * ChatOpenAI) requests: `GET /models` (the model list and the credential test), `POST /chat/completions`
 * ("Use Responses API" off), with tools and tool calls, streamed (`stream: true`, server-sent events)
 * or not, and `POST /responses` ("Use Responses API" on, not streamed). Authentication: `Authorization:
 * Bearer <apiKey>`; OpenAI's error bodies (`{ "error": { message, type, code } }`).
 *
 * The answers are scripted and deterministic; the script reads the conversation it is sent (the system
 * prompt, the memory's earlier turns, this turn's message and tool results) and the tools it is offered,
 * found by their names:
 *   - an empty message (the chat just started): a greeting;
 *   - a request for a human ("human", "person", "operator", "agent", "someone"): a call of the hand-off
 *     tool, then, with its result, a message saying so;
 *   - an email address: a call of the tool that updates the contact's email with it, then a message
 *     with what Userlike answered; a phone number likewise with the phone tool;
 *   - "who am I" / "my details": a call of the contact look-up tool, then the contact's name and email;
 *   - a tool result with an `error` (a tool node that continued on fail): an apology naming the error;
 *   - "[quota]" in the message: 429 insufficient_quota (the model fails, for the failure paths);
 *   - a request to summarise a conversation transcript ("Summarize the Userlike conversation …", the
 *     ended-chat summary example): a summary made of exactly the transcript lines it was sent
 *     (`summarizeTranscript`);
 *   - anything else: an answer that quotes the question and counts the contact's earlier messages it
 *     was sent (what the memory carried).
 * It is a stand-in for the model only: n8n's AI Agent, memory and tool calling run for real.
 */
import type { RouteContext, RouteResult, UserlikeSimulator } from './types';

export const OPENAI_API_KEY = 'sk-sandbox-0000000000000000000000000000000000000000';
export const OPENAI_MODELS = ['gpt-5-mini', 'gpt-4.1-mini', 'gpt-4o-mini'];
const CREATED = 1_735_689_600; // 2025-01-01: a fixed timestamp keeps the answers deterministic

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface ToolCall {
	id: string;
	name: string;
	args: Record<string, unknown>;
}

/** A message of a request, the same for both APIs. */
export interface ChatMessage {
	role: Role;
	text: string;
	toolCalls?: ToolCall[];
	/** role "tool": the call it answers */
	toolCallId?: string;
}

export interface ModelCall {
	api: 'chat.completions' | 'responses';
	stream: boolean;
	model: string;
	messages: ChatMessage[];
	tools: string[];
	/** the scripted answer: a text or tool calls */
	answer: { text?: string; toolCalls?: ToolCall[] };
}

export interface OpenAiApi {
	/** the credential's Base URL, e.g. http://127.0.0.1:4010/openai/v1 */
	baseUrl: string;
	apiKey: string;
	calls: ModelCall[];
	reset(): void;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

function openAiError(
	status: number,
	message: string,
	type: string,
	code: string | null,
): RouteResult {
	return { status, body: { error: { message, type, param: null, code } } };
}

/** Text of a message's content: a string, or a list of parts ({ type: 'text' | 'input_text' | 'output_text', text }). */
function contentText(content: unknown): string {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) {
		return content
			.map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : ''))
			.join('');
	}
	return '';
}

function parseArgs(value: unknown): Record<string, unknown> {
	if (isObject(value)) return value;
	if (typeof value !== 'string' || !value.trim()) return {};
	try {
		const parsed = JSON.parse(value) as unknown;
		return isObject(parsed) ? parsed : {};
	} catch {
		return {};
	}
}

function fromChatCompletions(body: Json): ChatMessage[] {
	const messages = Array.isArray(body.messages) ? body.messages : [];
	return messages.filter(isObject).map((message): ChatMessage => {
		const role = (message.role === 'developer' ? 'system' : message.role) as Role;
		const out: ChatMessage = { role, text: contentText(message.content) };
		if (Array.isArray(message.tool_calls)) {
			out.toolCalls = message.tool_calls.filter(isObject).map((call) => {
				const fn = isObject(call.function) ? call.function : {};
				return { id: String(call.id), name: String(fn.name), args: parseArgs(fn.arguments) };
			});
		}
		if (typeof message.tool_call_id === 'string') out.toolCallId = message.tool_call_id;
		return out;
	});
}

function fromResponses(body: Json): ChatMessage[] {
	const out: ChatMessage[] = [];
	if (typeof body.instructions === 'string') out.push({ role: 'system', text: body.instructions });
	const input =
		typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : body.input;
	for (const item of Array.isArray(input) ? input : []) {
		if (!isObject(item)) continue;
		if (item.type === 'function_call') {
			const call = {
				id: String(item.call_id),
				name: String(item.name),
				args: parseArgs(item.arguments),
			};
			const last = out[out.length - 1];
			if (last?.role === 'assistant' && last.toolCalls) last.toolCalls.push(call);
			else out.push({ role: 'assistant', text: '', toolCalls: [call] });
		} else if (item.type === 'function_call_output') {
			out.push({ role: 'tool', text: contentText(item.output), toolCallId: String(item.call_id) });
		} else if (typeof item.role === 'string') {
			const role = (item.role === 'developer' ? 'system' : item.role) as Role;
			out.push({ role, text: contentText(item.content) });
		}
	}
	return out;
}

function toolNames(tools: unknown): string[] {
	if (!Array.isArray(tools)) return [];
	return tools.filter(isObject).map((tool) => {
		const fn = isObject(tool.function) ? tool.function : tool; // chat.completions nests, responses does not
		return String(fn.name);
	});
}

const EMAIL = /[^\s@<>"']+@[^\s@<>"']+\.[a-z]{2,}/i;
const PHONE = /\+?\d[\d ()/.-]{5,}\d/;
const HUMAN = /\b(human|person|operator|agent|someone|real people|colleague)\b/i;
const WHO_AM_I = /\b(who am i|my details|my contact|what do you know about me)\b/i;

/** The scripted answer to a conversation. Deterministic: same messages and tools, same answer. */
export function scriptedAnswer(
	messages: ChatMessage[],
	tools: string[],
	callNumber: number,
): ModelCall['answer'] | { fail: RouteResult } {
	const lastUser = messages.map((m) => m.role).lastIndexOf('user');
	const question = lastUser >= 0 ? messages[lastUser].text.trim() : '';
	const thisTurn = messages.slice(lastUser + 1);
	const earlier = messages.slice(0, Math.max(0, lastUser)).filter((m) => m.role === 'user');
	const tool = (pattern: RegExp, also?: RegExp) =>
		tools.find((name) => pattern.test(name) && (!also || also.test(name)));
	const handOff = tool(/hand.?off|human/i);
	const updateEmail = tool(/email/i, /update|change|set/i);
	const updatePhone = tool(/phone/i, /update|change|set/i);
	const lookUp = tool(/look.?up|find|get/i, /contact/i);

	// The tool results of this turn: answer with them.
	const calls = thisTurn.flatMap((m) => m.toolCalls ?? []);
	if (calls.length) {
		const result = (call: ToolCall) => {
			const text = thisTurn.find((m) => m.role === 'tool' && m.toolCallId === call.id)?.text ?? '';
			try {
				const parsed = JSON.parse(text) as unknown;
				return (Array.isArray(parsed) ? parsed[0] : parsed) as Json;
			} catch {
				return { text } as Json;
			}
		};
		const called = (name: string | undefined) => calls.find((call) => call.name === name);
		// A tool that failed (n8n passes the error on when the tool node continues on fail): say so.
		const failed = calls.find((call) => typeof result(call).error === 'string');
		if (failed && failed.name !== handOff) {
			return {
				text: `Sorry, that did not work (${String(result(failed).error)}). Shall I connect you with a colleague?`,
			};
		}
		if (called(handOff)) {
			return {
				text: 'I am handing you over to a colleague now: a human operator will take over this chat in a moment.',
			};
		}
		const email = called(updateEmail);
		if (email) {
			const contact = result(email);
			return {
				text: `Done: your email address is now ${String(contact.email ?? email.args.email)}. Anything else I can do for you?`,
			};
		}
		const phone = called(updatePhone);
		if (phone) {
			const contact = result(phone);
			return {
				text: `Done: your phone number is now ${String(contact.phone_number ?? phone.args.phone_number)}. Anything else?`,
			};
		}
		const found = called(lookUp);
		if (found) {
			const contact = result(found);
			return {
				text: `You are ${String(contact.name ?? 'unknown')}, and I have ${String(contact.email ?? 'no email address')} as your email address.`,
			};
		}
		return { text: `I used ${calls.map((c) => c.name).join(', ')}. Anything else?` };
	}

	const id = (name: string) => `call_${callNumber}_${name}`.slice(0, 40);
	if (question.includes('[quota]')) {
		return {
			fail: openAiError(
				429,
				'You exceeded your current quota, please check your plan and billing details.',
				'insufficient_quota',
				'insufficient_quota',
			),
		};
	}
	if (SUMMARY_REQUEST.test(question)) return { text: summarizeTranscript(question) };
	if (!question) {
		return {
			text: "Hi! I'm the sandbox support bot. Ask me anything, tell me a new email address or phone number, or ask for a human.",
		};
	}
	if (HUMAN.test(question) && handOff) {
		return { toolCalls: [{ id: id(handOff), name: handOff, args: {} }] };
	}
	const emailMatch = EMAIL.exec(question);
	if (emailMatch && updateEmail) {
		return {
			toolCalls: [
				{
					id: id(updateEmail),
					name: updateEmail,
					args: { email: emailMatch[0].replace(/[.,;!?]+$/, '') },
				},
			],
		};
	}
	const phoneMatch = PHONE.exec(question);
	if (phoneMatch && updatePhone) {
		return {
			toolCalls: [
				{ id: id(updatePhone), name: updatePhone, args: { phone_number: phoneMatch[0].trim() } },
			],
		};
	}
	if (WHO_AM_I.test(question) && lookUp) {
		return { toolCalls: [{ id: id(lookUp), name: lookUp, args: {} }] };
	}
	return {
		text: `You asked: "${question}". I'm a scripted stand-in for a model, so I can't really answer; I remember ${earlier.length} earlier message${earlier.length === 1 ? '' : 's'} of yours in this chat.`,
	};
}

/** The ended-chat summary example's prompt (examples/ended-chat-summary-note.json) starts so. */
export const SUMMARY_REQUEST = /^Summari[sz]e the Userlike conversation\b/;
/** A transcript line: `Contact: …`, `Operator <name>: …`, `Bot: …` or `System: …`. */
const TRANSCRIPT_LINE = /^(Contact|Operator[^:]*|Bot|System): (.*)$/;
/** The marker the example puts where it left messages out. */
const CUT_MARKER = /^\[… (\d+) earlier messages? left out/;

/**
 * The stand-in's summary of a transcript: how many lines from whom, the contact's first line, the
 * last line, and whether (and how much) was cut. Made only of what the prompt holds, so a test can
 * tell that the model saw exactly that conversation's messages.
 */
export function summarizeTranscript(prompt: string): string {
	const lines = prompt.split('\n');
	const id = /conversation #(\d+)/.exec(prompt)?.[1] ?? '?';
	const said = lines
		.map((line) => TRANSCRIPT_LINE.exec(line))
		.filter((m): m is RegExpExecArray => m !== null);
	const cut = lines.map((line) => CUT_MARKER.exec(line)).find((m) => m !== null);
	const fromContact = said.filter((m) => m[1] === 'Contact');
	const fromOperators = said.filter((m) => m[1].startsWith('Operator'));
	const first = fromContact[0]?.[2] ?? said[0]?.[2] ?? '';
	const last = said[said.length - 1];
	return [
		`Summary of conversation #${id}: ${said.length} messages read (${fromContact.length} from the contact, ${fromOperators.length} from operators)${cut ? `, ${cut[1]} earlier messages were left out` : ''}.`,
		first ? `The contact wrote: "${first}".` : 'The contact wrote nothing.',
		last ? `Last message, from ${last[1]}: "${last[2]}".` : '',
		'Sentiment: neutral',
	]
		.filter(Boolean)
		.join('\n');
}

function chatCompletion(model: string, answer: ModelCall['answer'], n: number): Json {
	const message: Json = { role: 'assistant', content: answer.text ?? null };
	if (answer.toolCalls) {
		message.tool_calls = answer.toolCalls.map((call) => ({
			id: call.id,
			type: 'function',
			function: { name: call.name, arguments: JSON.stringify(call.args) },
		}));
	}
	return {
		id: `chatcmpl-sandbox-${n}`,
		object: 'chat.completion',
		created: CREATED,
		model,
		choices: [
			{
				index: 0,
				message,
				logprobs: null,
				finish_reason: answer.toolCalls ? 'tool_calls' : 'stop',
			},
		],
		usage: usage(answer),
	};
}

function usage(answer: ModelCall['answer']): Json {
	const completion = Math.ceil((answer.text ?? JSON.stringify(answer.toolCalls)).length / 4);
	return { prompt_tokens: 100, completion_tokens: completion, total_tokens: 100 + completion };
}

/** The same answer as server-sent events, the way OpenAI streams a chat completion. */
function chatCompletionStream(
	model: string,
	answer: ModelCall['answer'],
	n: number,
	withUsage: boolean,
): string {
	const base = {
		id: `chatcmpl-sandbox-${n}`,
		object: 'chat.completion.chunk',
		created: CREATED,
		model,
	};
	const chunk = (delta: Json, finish: string | null = null) => ({
		...base,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
	});
	const chunks: Json[] = [chunk({ role: 'assistant', content: answer.toolCalls ? null : '' })];
	if (answer.toolCalls) {
		answer.toolCalls.forEach((call, index) => {
			chunks.push(
				chunk({
					tool_calls: [
						{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
					],
				}),
			);
			chunks.push(
				chunk({ tool_calls: [{ index, function: { arguments: JSON.stringify(call.args) } }] }),
			);
		});
	} else {
		// A few words per chunk, as a model streams.
		for (const piece of (answer.text ?? '').match(/\S+\s*/g) ?? [])
			chunks.push(chunk({ content: piece }));
	}
	chunks.push(chunk({}, answer.toolCalls ? 'tool_calls' : 'stop'));
	if (withUsage) chunks.push({ ...base, choices: [], usage: usage(answer) });
	return `${chunks.map((c) => `data: ${JSON.stringify(c)}\n\n`).join('')}data: [DONE]\n\n`;
}

function response(model: string, answer: ModelCall['answer'], n: number): Json {
	const output: Json[] = answer.toolCalls
		? answer.toolCalls.map((call) => ({
				type: 'function_call',
				id: `fc_${call.id}`,
				call_id: call.id,
				name: call.name,
				arguments: JSON.stringify(call.args),
				status: 'completed',
			}))
		: [
				{
					type: 'message',
					id: `msg_sandbox_${n}`,
					role: 'assistant',
					status: 'completed',
					content: [{ type: 'output_text', text: answer.text ?? '', annotations: [] }],
				},
			];
	const u = usage(answer);
	return {
		id: `resp_sandbox_${n}`,
		object: 'response',
		created_at: CREATED,
		status: 'completed',
		model,
		output,
		usage: {
			input_tokens: u.prompt_tokens,
			output_tokens: u.completion_tokens,
			total_tokens: u.total_tokens,
		},
	};
}

/** Registers the stand-in under `${sim.url}/openai/v1`. */
export function addOpenAiApi(sim: UserlikeSimulator, options: { apiKey?: string } = {}): OpenAiApi {
	const api: OpenAiApi = {
		baseUrl: `${sim.url}/openai/v1`,
		apiKey: options.apiKey ?? OPENAI_API_KEY,
		calls: [],
		reset() {
			api.calls.length = 0;
		},
	};

	const authorized = (ctx: RouteContext): RouteResult | undefined => {
		const header = ctx.headers.authorization ?? '';
		if (header !== `Bearer ${api.apiKey}`) {
			return openAiError(
				401,
				'Incorrect API key provided.',
				'invalid_request_error',
				'invalid_api_key',
			);
		}
		return undefined;
	};

	sim.route('GET', /^\/openai\/v1\/models\/?$/, (ctx) => {
		const denied = authorized(ctx);
		if (denied) return denied;
		return {
			status: 200,
			body: {
				object: 'list',
				data: OPENAI_MODELS.map((id) => ({
					id,
					object: 'model',
					created: CREATED,
					owned_by: 'sandbox',
				})),
			},
		};
	});

	const complete =
		(kind: ModelCall['api']) =>
		(ctx: RouteContext): RouteResult => {
			const denied = authorized(ctx);
			if (denied) return denied;
			if (!isObject(ctx.body)) {
				return openAiError(
					400,
					'We could not parse the JSON body of your request.',
					'invalid_request_error',
					null,
				);
			}
			const body = ctx.body;
			if (typeof body.model !== 'string' || !body.model) {
				return openAiError(
					400,
					'you must provide a model parameter',
					'invalid_request_error',
					null,
				);
			}
			const stream = body.stream === true;
			if (stream && kind === 'responses') {
				return openAiError(
					400,
					'The sandbox model does not stream the Responses API.',
					'invalid_request_error',
					null,
				);
			}
			const messages =
				kind === 'chat.completions' ? fromChatCompletions(body) : fromResponses(body);
			if (!messages.length) {
				return openAiError(
					400,
					"Invalid 'messages': empty array.",
					'invalid_request_error',
					'empty_array',
				);
			}
			const tools = toolNames(body.tools);
			const n = api.calls.length + 1;
			const answer = scriptedAnswer(messages, tools, n);
			if ('fail' in answer) return answer.fail;
			api.calls.push({ api: kind, stream, model: body.model, messages, tools, answer });
			if (kind === 'responses') return { status: 200, body: response(body.model, answer, n) };
			if (!stream) return { status: 200, body: chatCompletion(body.model, answer, n) };
			const withUsage = isObject(body.stream_options) && body.stream_options.include_usage === true;
			return {
				status: 200,
				headers: {
					'Content-Type': 'text/event-stream; charset=utf-8',
					'Cache-Control': 'no-cache',
				},
				body: chatCompletionStream(body.model, answer, n, withUsage),
			};
		};
	sim.route('POST', /^\/openai\/v1\/chat\/completions\/?$/, complete('chat.completions'));
	sim.route('POST', /^\/openai\/v1\/responses\/?$/, complete('responses'));
	return api;
}
