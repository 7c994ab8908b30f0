/**
 * Local HTTP simulator of the Userlike JSON API (v2 and v3) for the tests of n8n-nodes-userlike.
 *
 *   const sim = await createUserlikeSimulator();
 *   // sim.url -> "http://127.0.0.1:41234"; base URL of the API: `${sim.url}/api/um/v3/`
 *   ...
 *   await sim.close();
 *
 * Every behaviour quotes the passage of Userlike's documentation it implements in a `// docs: "..."`
 * comment; choices the docs leave open are marked `// not in the docs: ...`. The quotes come from the
 * JSON API tutorial, https://www.userlike.com/en/public/tutorial/um/api/intro (written for v2; its
 * section names, e.g. "Conversation list endpoint filters", "API rate limits", are given where it
 * helps), and for what v3 changed from the v3 reference, https://docs.userlike.com/developers/api/json
 * (its endpoint table).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from './errors';
import { generateData } from './seed';
import { newThrottleState, registerUserlikeRoutes } from './userlike';
import type {
	FailNextEntry,
	QuotaResource,
	RecordedRequest,
	RouteContext,
	RouteHandler,
	RouteResult,
	SimulatorBehaviour,
	SimulatorData,
	SimulatorOptions,
	UserlikeSimulator,
} from './types';

export * from './types';
export {
	ORG_TOKEN,
	ORG2_TOKEN,
	CUSTOMER_TOKEN,
	ORG_ID,
	ORG2_ID,
	SEEDED,
	DEFAULT_SEED,
	generateData,
} from './seed';
export {
	DEFAULT_PAGE_SIZE,
	MAX_PAGE_SIZE,
	MESSAGES_PAGE_SIZE,
	DEFAULT_DELETE_LIMIT,
	MAX_DELETE_LIMIT,
	parseDateTime,
} from './params';
export { SEARCH_WEIGHTS, stem, parseKeywords } from './search';
export { encodeCursor } from './pagination';
export { ApiError } from './errors';

// docs: "we increased the throttle rate to 5000 requests per day for each endpoint"
export const DEFAULT_DAILY_QUOTA = 5000;

export function defaultBehaviour(): SimulatorBehaviour {
	return {
		dailyQuota: DEFAULT_DAILY_QUOTA,
		usedToday: {},
		burst: null,
		failNext: [],
		nextLinks: null,
		churn: null,
		now: () => Date.now(),
		deleteIdsLimit: 'lifted',
		ongoingInListDelete: 'refuse',
		requestLineLimit: null,
	};
}

/** What is sent: a route's result plus how it is delivered (faults). */
interface Delivered extends RouteResult {
	silent?: boolean;
	truncate?: boolean;
	trickleMs?: number;
}

interface Route {
	method: string;
	regex: RegExp;
	handler: RouteHandler;
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(headers)) {
		if (v === undefined) continue;
		out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
	}
	return out;
}

function failNextMatches(entry: FailNextEntry, method: string, rawUrl: string): boolean {
	if (!entry.match) return true;
	if (entry.match.method && entry.match.method.toUpperCase() !== method.toUpperCase()) return false;
	if (entry.match.pathIncludes && !rawUrl.includes(entry.match.pathIncludes)) return false;
	return true;
}

/** Starts the simulator on 127.0.0.1 (a random port unless `options.port` is given). */
export async function createUserlikeSimulator(
	options: SimulatorOptions = {},
): Promise<UserlikeSimulator> {
	const seedOptions = { ...(options.seed ?? {}) };
	const routes: Route[] = [];
	const throttleState = newThrottleState();
	const data: SimulatorData = generateData(seedOptions);
	const behaviour: SimulatorBehaviour = defaultBehaviour();
	const requests: RecordedRequest[] = [];
	// not in the seed (test tooling): state of the list faults (next links, churn), reset with the simulator
	// the counters start again whenever a test sets a new fault (behaviour.nextLinks / behaviour.churn)
	const listState = {
		served: 0,
		conversationPages: 0,
		firstUrl: '',
		repeatUrl: '',
		repeatsLeft: 0,
		fault: null as SimulatorBehaviour['nextLinks'],
		churn: null as SimulatorBehaviour['churn'],
	};

	const sim: UserlikeSimulator = {
		url: '',
		requests,
		data,
		behaviour,
		reset() {
			Object.assign(data, generateData(seedOptions));
			requests.length = 0;
			Object.assign(behaviour, defaultBehaviour());
			Object.assign(listState, {
				served: 0,
				conversationPages: 0,
				firstUrl: '',
				repeatUrl: '',
				repeatsLeft: 0,
				fault: null,
				churn: null,
			});
			const fresh = newThrottleState();
			throttleState.burst = fresh.burst;
			throttleState.lastDay = fresh.lastDay;
		},
		close: () => close(),
		route(method: string, pathRegex: RegExp, handler: RouteHandler) {
			routes.push({ method: method.toUpperCase(), regex: pathRegex, handler });
		},
		setUsedToday(organizationId: number, resource: QuotaResource, count: number) {
			behaviour.usedToday[`${organizationId}:${resource}`] = count;
		},
		getUsedToday(organizationId: number, resource: QuotaResource) {
			return behaviour.usedToday[`${organizationId}:${resource}`] ?? 0;
		},
	};

	registerUserlikeRoutes((m, r, h) => sim.route(m, r, h), throttleState);

	const send = (
		req: http.IncomingMessage,
		res: http.ServerResponse,
		recorded: RecordedRequest,
		result: Delivered,
	): void => {
		if (result.reset) {
			recorded.status = 0;
			req.socket.destroy();
			return;
		}
		if (result.silent) {
			// accepted and never answered: the socket stays open until the client gives up or the simulator closes
			recorded.status = -1;
			return;
		}
		recorded.status = result.status;
		const headers: Record<string, string> = { ...(result.headers ?? {}) };
		let payload: string | undefined;
		if (result.body !== undefined && result.status !== 204 && result.status !== 304) {
			const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
			if (typeof result.body === 'string') {
				payload = result.body;
				if (!hasType) headers['Content-Type'] = 'text/plain; charset=utf-8';
			} else {
				payload = JSON.stringify(result.body);
				if (!hasType) headers['Content-Type'] = 'application/json';
			}
			if (result.truncate)
				payload = Buffer.from(payload)
					.subarray(0, Math.floor(Buffer.byteLength(payload) / 2))
					.toString('latin1');
			headers['Content-Length'] = String(
				Buffer.byteLength(payload, result.truncate ? 'latin1' : 'utf8'),
			);
		}
		if (result.trickleMs && payload !== undefined) {
			const bytes = Buffer.from(payload);
			res.writeHead(result.status, headers);
			let at = 0;
			const tick = (): void => {
				if (res.destroyed || req.socket.destroyed) return;
				res.write(bytes.subarray(at, at + 1));
				at++;
				if (at >= bytes.length) res.end();
				else setTimeout(tick, result.trickleMs).unref();
			};
			tick();
			return;
		}
		res.writeHead(result.status, headers);
		res.end(payload, result.truncate ? 'latin1' : 'utf8');
	};

	/** not in the seed (test tooling): faulty next links and a conversation list that changes between pages */
	const listFaults = (recorded: RecordedRequest, url: URL, result: RouteResult): void => {
		const body = result.body as { next?: unknown; results?: unknown } | undefined;
		if (
			recorded.method !== 'GET' ||
			result.status !== 200 ||
			!body ||
			typeof body !== 'object' ||
			!Array.isArray(body.results) ||
			!('next' in body)
		)
			return;
		if (listState.fault !== behaviour.nextLinks)
			Object.assign(listState, {
				fault: behaviour.nextLinks,
				served: 0,
				firstUrl: '',
				repeatUrl: '',
				repeatsLeft: 0,
			});
		if (listState.churn !== behaviour.churn)
			Object.assign(listState, { churn: behaviour.churn, conversationPages: 0 });
		listState.served++;
		const plain = new URL(url.href);
		plain.searchParams.delete('repeat');
		if (listState.served === 1) listState.firstUrl = plain.href;
		const fault = behaviour.nextLinks;
		if (fault?.kind === 'repeat') {
			if (listState.served === fault.page) {
				listState.repeatUrl = plain.href;
				listState.repeatsLeft = fault.times;
			}
			if (listState.repeatsLeft > 0 && plain.href === listState.repeatUrl) {
				const n = fault.times - listState.repeatsLeft + 1;
				listState.repeatsLeft--;
				body.next = fault.distinct
					? `${plain.href}${plain.search ? '&' : '?'}repeat=${n}`
					: plain.href;
			}
		} else if (fault?.kind === 'loop' && listState.served >= fault.page) {
			body.next = listState.served >= fault.maxServed ? null : listState.firstUrl;
		}
		const churn = behaviour.churn;
		if (churn && /^\/api\/um\/v[23]\/conversations\/$/.test(url.pathname)) {
			listState.conversationPages++;
			const served = (body.results as Array<{ id: number }>).map((c) => c.id);
			if (listState.conversationPages % 2 === 1) {
				const template =
					data.conversations.find((c) => c.id === served[0]) ?? data.conversations[0];
				let next = Math.max(...data.conversations.map((c) => c.id)) + 1;
				for (let i = 0; i < churn.insert; i++)
					data.conversations.push({
						...template,
						id: next++,
						ongoing: false,
						status: 'ended' as typeof template.status,
					});
			} else {
				const gone = new Set(served.slice(0, churn.remove));
				const kept = data.conversations.filter((c) => !gone.has(c.id));
				data.conversations.length = 0;
				data.conversations.push(...kept);
			}
		}
	};

	const dispatch = async (
		req: http.IncomingMessage,
		rawBody: string,
	): Promise<{ recorded: RecordedRequest; result: Delivered }> => {
		const method = (req.method ?? 'GET').toUpperCase();
		const rawUrl = req.url ?? '/';
		const headers = flattenHeaders(req.headers);
		const host = headers.host ?? sim.url.replace(/^http:\/\//, '');
		const url = new URL(rawUrl, `http://${host}`);
		const query: Record<string, string> = {};
		// not in the docs: a repeated query parameter keeps its last value (Django's QueryDict.get)
		for (const [k, v] of url.searchParams) query[k] = v;
		let body: unknown;
		if (rawBody.length) {
			try {
				body = JSON.parse(rawBody);
			} catch {
				body = rawBody;
			}
		}
		// not in the docs (test tooling): every request is recorded before it is answered, errors included
		const recorded: RecordedRequest = {
			method,
			path: url.pathname,
			query,
			headers,
			body,
			rawBody,
			status: 0,
			at: Date.now(),
		};
		requests.push(recorded);

		// not in the docs (test tooling): fault injection runs first; an entry is consumed by the first matching request
		// whatever it would have answered, and neither counts towards the quotas nor needs a token
		const index = behaviour.failNext.findIndex((e) => {
			if (!failNextMatches(e, method, rawUrl)) return false;
			if (!e.skip) return true;
			e.skip--;
			return false;
		});
		let delivery: Pick<Delivered, 'truncate' | 'trickleMs'> = {};
		if (index >= 0) {
			const [entry] = behaviour.failNext.splice(index, 1);
			if (entry.reset) return { recorded, result: { status: 0, reset: true } };
			if (entry.silent) return { recorded, result: { status: 0, silent: true } };
			if (entry.redirect !== undefined) {
				return {
					recorded,
					result: {
						status: entry.status ?? 302,
						headers: { Location: entry.redirect, ...(entry.headers ?? {}) },
					},
				};
			}
			if (entry.rawBody !== undefined) {
				return {
					recorded,
					result: {
						status: entry.status ?? 200,
						body: entry.rawBody,
						headers: {
							'Content-Type': entry.contentType ?? 'text/html; charset=utf-8',
							...(entry.headers ?? {}),
						},
					},
				};
			}
			if (entry.echoHeader !== undefined) {
				const echoed = headers[entry.echoHeader.toLowerCase()] ?? '';
				return {
					recorded,
					result: {
						status: entry.status ?? 500,
						body: {
							detail: `Invalid request for credential "${echoed}" (${entry.echoHeader}: ${echoed})`,
						},
						headers: entry.headers,
					},
				};
			}
			if (entry.truncate || entry.trickleMs) {
				delivery = { truncate: entry.truncate, trickleMs: entry.trickleMs };
			} else {
				return {
					recorded,
					result: {
						status: entry.status ?? 503,
						body: entry.body ?? { detail: 'Simulated failure.' },
						headers: entry.headers,
					},
				};
			}
		}

		let pathMatched = false;
		for (let i = routes.length - 1; i >= 0; i--) {
			const route = routes[i];
			route.regex.lastIndex = 0;
			const match = route.regex.exec(url.pathname);
			if (!match) continue;
			pathMatched = true;
			if (route.method !== '*' && route.method !== method) continue;
			const ctx: RouteContext = {
				method,
				path: url.pathname,
				query,
				searchParams: url.searchParams,
				headers,
				body,
				rawBody,
				match,
				url,
				recorded,
				simulator: sim,
			};
			try {
				const result = await route.handler(ctx);
				listFaults(recorded, url, result);
				return { recorded, result: { ...result, ...delivery } };
			} catch (e) {
				if (e instanceof ApiError)
					return { recorded, result: { status: e.status, body: e.body, headers: e.headers } };
				return {
					recorded,
					result: { status: 500, body: { detail: `Simulator error: ${(e as Error).message}` } },
				};
			}
		}
		if (pathMatched)
			return {
				recorded,
				result: { status: 405, body: { detail: `Method "${method}" not allowed.` } },
			};
		// not in the docs: unknown paths answer 404 {"detail": "Not found."} (no authentication needed)
		return { recorded, result: { status: 404, body: { detail: 'Not found.' } } };
	};

	const server = http.createServer((req, res) => {
		const limit = behaviour.requestLineLimit;
		if (
			limit !== null &&
			Buffer.byteLength(`${req.method} ${req.url} HTTP/${req.httpVersion}`, 'latin1') > limit
		) {
			// not in the docs (a front server's limit): the connection is closed, nothing is answered
			const url = new URL(req.url ?? '/', sim.url);
			requests.push({
				method: req.method ?? 'GET',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: flattenHeaders(req.headers),
				body: undefined,
				rawBody: '',
				status: 0,
				at: Date.now(),
			});
			req.socket.destroy();
			return;
		}
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('error', () => req.socket.destroy());
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			dispatch(req, rawBody).then(
				({ recorded, result }) => send(req, res, recorded, result),
				(e: Error) => {
					res.writeHead(500, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify({ detail: `Simulator error: ${e.message}` }));
				},
			);
		});
	});
	server.keepAliveTimeout = 5000;

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address() as AddressInfo;
	sim.url = `http://127.0.0.1:${address.port}`;

	let closed: Promise<void> | undefined;
	function close(): Promise<void> {
		if (!closed) {
			closed = new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		}
		return closed;
	}

	return sim;
}

export default createUserlikeSimulator;
