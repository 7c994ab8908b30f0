import { request } from 'undici';
import {
	CUSTOMER_TOKEN,
	MAX_PAGE_SIZE,
	ORG2_TOKEN,
	ORG_TOKEN,
	SEEDED,
	createUserlikeSimulator,
	generateData,
	parseKeywords,
	stem,
	type UserlikeSimulator,
} from './index';

interface Res {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
	body: any;
}

interface CallOptions {
	token?: string | null;
	headers?: Record<string, string>;
	json?: unknown;
	rawBody?: string;
	version?: 'v2' | 'v3';
}

let sim: UserlikeSimulator;

async function api(method: string, path: string, opts: CallOptions = {}): Promise<Res> {
	const url = path.startsWith('http') ? path : `${sim.url}/api/um/${opts.version ?? 'v3'}/${path}`;
	const headers: Record<string, string> = {};
	if (opts.token !== null) headers.authorization = opts.token ?? ORG_TOKEN;
	let body: string | undefined = opts.rawBody;
	if (opts.json !== undefined) {
		body = JSON.stringify(opts.json);
		headers['content-type'] = 'application/json';
	}
	Object.assign(headers, opts.headers ?? {});
	const res = await request(url, { method: method as 'GET', headers, body });
	const text = await res.body.text();
	let parsed: unknown;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		parsed = text;
	}
	return { status: res.statusCode, headers: res.headers, text, body: parsed };
}

const ids = (res: Res): number[] => res.body.results.map((r: { id: number }) => r.id);
const org1Conversations = () => sim.data.conversations.filter((c) => c.organization_id === 1);

beforeAll(async () => {
	sim = await createUserlikeSimulator();
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => sim.reset());

describe('seed', () => {
	test('is deterministic and matches the documented ids', () => {
		const a = generateData();
		const b = generateData();
		expect(JSON.stringify(a)).toBe(JSON.stringify(b));
		expect(a.organizations.map((o) => o.id)).toEqual([1, 2]);
		const org1Ops = a.operators.filter((o) => o.organization_id === 1);
		expect(org1Ops.map((o) => [o.id, o.role])).toEqual([
			[101, 'owner'],
			[102, 'admin'],
			[103, 'operator'],
			[104, 'operator'],
			[105, 'operator'],
			[106, 'read_only'],
		]);
		expect(org1Ops.find((o) => o.is_bot)?.id).toBe(SEEDED.botOperatorId);
		expect(a.operators.filter((o) => o.organization_id === 2).map((o) => o.id)).toEqual([
			...SEEDED.org2OperatorIds,
		]);
		expect(a.conversations.filter((c) => c.ongoing).map((c) => c.id)).toEqual([
			SEEDED.org2OngoingConversationId,
			...SEEDED.ongoingConversationIds,
		]);
		expect(a.conversations.filter((c) => c.organization_id === 2).map((c) => c.id)).toEqual([
			...SEEDED.org2ConversationIds,
		]);
		expect(a.contacts.find((c) => c.id === SEEDED.annaContactId)).toMatchObject({
			email: SEEDED.annaEmail,
			city: 'Berlin',
			country: 'DE',
			verified: true,
		});
		expect(
			a.conversations
				.filter((c) => c.contact_identity_id === SEEDED.annaContactId)
				.map((c) => c.id)
				.slice(0, 2),
		).toEqual([50001, 50006]);
		expect(a.contacts.filter((c) => c.organization_id === 1)).toHaveLength(40);
		expect(a.messages.filter((m) => m.conversation_id === 50001)).toHaveLength(6);
	});

	// How fast it seeds is for `npm run bench`, not for a timed test.
	test('seeds 10,000 conversations and 2,000 contacts', () => {
		const big = generateData({ conversations: 10_000, contacts: 2_000 });
		expect(big.conversations.filter((c) => c.organization_id === 1)).toHaveLength(10_000);
		expect(big.contacts.filter((c) => c.organization_id === 1)).toHaveLength(2_000);
		expect(new Set(big.conversations.map((c) => c.id)).size).toBe(10_008);
	});
});

describe('authentication and context', () => {
	test('missing or unknown token answers 401 Invalid token.', async () => {
		const missing = await api('GET', 'conversations/', { token: null });
		expect(missing.status).toBe(401);
		expect(missing.body).toEqual({ detail: 'Invalid token.' });
		const wrong = await api('GET', 'conversations/', { token: 'nope' });
		expect(wrong.status).toBe(401);
		expect(wrong.body).toEqual({ detail: 'Invalid token.' });
		expect(sim.requests.map((r) => r.status)).toEqual([401, 401]);
	});

	test('raw, Bearer and Token forms of the header are accepted', async () => {
		for (const token of [ORG_TOKEN, `Bearer ${ORG_TOKEN}`, `Token ${ORG_TOKEN}`]) {
			const res = await api('GET', 'conversations/', { token });
			expect(res.status).toBe(200);
			expect(res.body.count).toBe(60);
		}
		expect(sim.requests[0].headers.authorization).toBe(ORG_TOKEN);
	});

	test('organizations are separate; the customer token switches with Userlike-Organization-Id and falls back on a wrong id', async () => {
		const org2 = await api('GET', 'conversations/?limit=100', { token: ORG2_TOKEN });
		expect(org2.body.count).toBe(8);
		expect(ids(org2)).toEqual([...SEEDED.org2ConversationIds].reverse());
		expect((await api('GET', 'conversations/', { token: CUSTOMER_TOKEN })).body.count).toBe(60);
		expect(
			(
				await api('GET', 'conversations/', {
					token: CUSTOMER_TOKEN,
					headers: { 'Userlike-Organization-Id': '2' },
				})
			).body.count,
		).toBe(8);
		expect(
			(
				await api('GET', 'conversations/', {
					token: CUSTOMER_TOKEN,
					headers: { 'Userlike-Organization-Id': '999' },
				})
			).body.count,
		).toBe(60);
		// an organization token ignores the header
		expect(
			(
				await api('GET', 'conversations/', {
					token: ORG_TOKEN,
					headers: { 'Userlike-Organization-Id': '2' },
				})
			).body.count,
		).toBe(60);
		expect((await api('GET', 'conversations/40001/')).status).toBe(404);
		expect(
			(await api('GET', 'conversations/40001/', { token: ORG2_TOKEN })).body.organization_id,
		).toBe(2);
		expect(sim.requests.map((r) => r.organizationId)).toEqual([2, 1, 2, 1, 1, 1, 2]);
	});

	test('Userlike-Operator-Id runs as that operator; unknown or foreign operators get 403', async () => {
		const ok = await api('GET', 'operators/103/', { headers: { 'Userlike-Operator-Id': '103' } });
		expect(ok.status).toBe(200);
		expect(sim.requests[0].headers['userlike-operator-id']).toBe('103');
		expect(sim.requests[0].operatorId).toBe(103);
		const unknown = await api('GET', 'conversations/', {
			headers: { 'Userlike-Operator-Id': '999' },
		});
		expect(unknown.status).toBe(403);
		expect(unknown.body).toEqual({
			detail: 'Operator "999" is not an operator of organization 1.',
		});
		expect(
			(await api('GET', 'conversations/', { headers: { 'Userlike-Operator-Id': '91' } })).status,
		).toBe(403);
		expect((await api('GET', 'conversations/')).status).toBe(200);
		expect(sim.requests[3].operatorId).toBe(SEEDED.ownerOperatorId);
	});

	test('the read_only operator may GET but nothing else', async () => {
		const h = { 'Userlike-Operator-Id': String(SEEDED.readOnlyOperatorId) };
		expect((await api('GET', 'conversations/50001/', { headers: h })).status).toBe(200);
		const del = await api('DELETE', 'conversations/50001/', { headers: h });
		expect(del.status).toBe(403);
		expect(del.body).toEqual({ detail: 'You do not have permission to perform this action.' });
		const patch = await api('PATCH', `contact_identities/${SEEDED.annaContactId}/`, {
			headers: h,
			json: { city: 'Hamburg' },
		});
		expect(patch.status).toBe(403);
		expect(sim.data.conversations.some((c) => c.id === 50001)).toBe(true);
		expect(sim.data.contacts.find((c) => c.id === SEEDED.annaContactId)?.city).toBe('Berlin');
	});
});

describe('filters, ordering, exclude_ids', () => {
	test('conversation filters are ANDed', async () => {
		const both = await api('GET', 'conversations/?status=ended&operator_id=102&limit=100');
		const expected = org1Conversations()
			.filter((c) => c.status === 'ended' && c.operator_id === 102)
			.map((c) => c.id)
			.sort((a, b) => b - a);
		expect(expected.length).toBeGreaterThan(2);
		expect(ids(both)).toEqual(expected);
		expect(both.body.count).toBe(expected.length);
		const status = await api('GET', 'conversations/?status=ended&limit=100');
		const op = await api('GET', 'conversations/?operator_id=102&limit=100');
		expect(status.body.count).toBeGreaterThan(expected.length);
		expect(op.body.count).toBeGreaterThan(expected.length);
		const idRange = await api(
			'GET',
			'conversations/?id__gt=50010&id__lt=50015&contact_identity_id=2001',
		);
		expect(ids(idRange)).toEqual(
			org1Conversations()
				.filter((c) => c.id > 50010 && c.id < 50015 && c.contact_identity_id === 2001)
				.map((c) => c.id)
				.reverse(),
		);
		expect(ids(idRange)).toContain(50011);
	});

	test('topics are matched case-insensitively and date filters compare instants', async () => {
		const topic = await api('GET', 'conversations/?topics=billing&limit=100');
		const billing = org1Conversations().filter((c) => c.topic_ids.includes(33));
		expect(topic.body.count).toBe(billing.length);
		expect(topic.body.results[0].topics.map((t: { text: string }) => t.text)).toContain('Billing');
		const c = sim.data.conversations.find((x) => x.id === 50030)!;
		// the same instant written with an offset; "from" is inclusive
		const at = new Date(c.updated_at);
		const withOffset = new Date(at.getTime() + 2 * 3600_000).toISOString().replace('Z', '+02:00');
		const from = await api(
			'GET',
			`conversations/?updated_at_from_date=${encodeURIComponent(withOffset)}&limit=100`,
		);
		expect(ids(from)).toContain(50030);
		expect(ids(from)).not.toContain(50029);
		expect(from.body.count).toBe(
			org1Conversations().filter((x) => Date.parse(x.updated_at) >= at.getTime()).length,
		);
		const sevenDigits = await api(
			'GET',
			'conversations/?contact_first_message_to_date=2018-09-22T14:01:54.9571247Z',
		);
		expect(sevenDigits.status).toBe(200);
		expect(sevenDigits.body.count).toBe(0);
		const bad = await api('GET', 'conversations/?updated_at_to_date=yesterday');
		expect(bad.status).toBe(400);
		expect(bad.body).toEqual({ updated_at_to_date: ['Enter a valid date/time.'] });
		const badNumber = await api('GET', 'conversations/?operator_id=abc');
		expect(badNumber.status).toBe(400);
		expect(badNumber.body).toEqual({ operator_id: ['Enter a number.'] });
	});

	test('contact, operator and note filters', async () => {
		const byEmail = await api('GET', 'contact_identities/?email=ANNA.SCHMIDT@example.com');
		expect(ids(byEmail)).toEqual([SEEDED.annaContactId]);
		const verified = await api('GET', 'contact_identities/?verified=True&locale=de_DE&limit=100');
		const expected = sim.data.contacts
			.filter((c) => c.organization_id === 1 && c.verified && c.locale === 'de_DE')
			.map((c) => c.id);
		expect(ids(verified).sort()).toEqual(expected.sort());
		expect(ids(verified)).toContain(SEEDED.annaContactId);
		const byName = await api('GET', 'contact_identities/?name=gregor%20meyer');
		expect(ids(byName)).toEqual([SEEDED.gregorContactId]);
		const group = await api('GET', 'operators/?operator_group_id=12');
		expect(ids(group)).toEqual([104, 103]);
		const noteBoth = await api('GET', 'notes/?conversation_id=50001&contact_identity_id=2001');
		expect(noteBoth.body).toMatchObject({ count: 0, results: [] });
		const notes = await api('GET', 'notes/?conversation_id=50001');
		expect(notes.body.results[0]).toEqual({
			id: 8001,
			body: 'Customer asked for a callback on Monday.',
			conversation_id: 50001,
			contact_identity_id: null,
			operator_id: 101,
			created_at: expect.any(String),
		});
	});

	test('ordering per resource; unknown ordering answers 400', async () => {
		const asc = await api('GET', 'conversations/?ordering=last_message_sent_at&limit=100');
		const times = asc.body.results.map((r: { last_message_sent_at: string }) =>
			Date.parse(r.last_message_sent_at),
		);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		const byId = await api('GET', 'conversations/?ordering=id&limit=3');
		expect(ids(byId)).toEqual([50001, 50002, 50003]);
		const names = await api('GET', 'contact_identities/?ordering=-name&limit=100');
		const list = names.body.results.map((r: { name: string }) => r.name);
		expect(list).toEqual(
			[...list].sort((a: string, b: string) =>
				b.localeCompare(a, 'en', { sensitivity: 'base', numeric: true }),
			),
		);
		const ops = await api('GET', 'operators/?ordering=email');
		expect(ops.body.results[0].email).toBe('api@nordlicht-media.example');
		const bad = await api('GET', 'conversations/?ordering=subject');
		expect(bad.status).toBe(400);
		expect(bad.body.detail).toMatch(
			/^Invalid ordering "subject"\. Valid values are: id, -id, last_message_sent_at/,
		);
		expect((await api('GET', 'operators/?ordering=id')).status).toBe(400);
	});

	test('exclude_ids on lists, single GET/PATCH/DELETE and bulk DELETE', async () => {
		const list = await api('GET', 'conversations/?exclude_ids=50060,50059&limit=2');
		expect(ids(list)).toEqual([50058, 50057]);
		expect(list.body.count).toBe(58);
		expect((await api('GET', 'conversations/50040/?exclude_ids=50040')).body).toEqual({
			detail: 'Not found.',
		});
		expect((await api('DELETE', 'conversations/50040/?exclude_ids=50040')).status).toBe(404);
		expect(
			(await api('PATCH', `contact_identities/2001/?exclude_ids=2001`, { json: { city: 'Bonn' } }))
				.status,
		).toBe(404);
		expect(
			(await api('DELETE', 'conversations/?delete_ids=50040,50041&exclude_ids=50041')).status,
		).toBe(204);
		expect(sim.data.conversations.some((c) => c.id === 50040)).toBe(false);
		expect(sim.data.conversations.some((c) => c.id === 50041)).toBe(true);
		expect(sim.data.contacts.find((c) => c.id === 2001)?.city).toBe('Berlin');
	});
});

describe('search', () => {
	test('stemmer and keyword parsing', () => {
		expect(stem('users')).toBe('user');
		expect(stem('searching')).toBe('search');
		expect(stem('cities')).toBe('city');
		expect(parseKeywords('  Users \t(searching)  Gregor, users')).toEqual([
			'user',
			'search',
			'gregor',
		]);
	});

	test('keywords are ORed, stemmed, prefix-matched and ranked A over B; plus and %20 both separate', async () => {
		// contact 2003 Gregor Meyer: name (A 3) + email gregor.meyer@… (A 3) + notes "Uses the Userlike API" (B 2) = 8
		sim.data.contacts.find((c) => c.id === SEEDED.davidContactId)!.notes = 'Gregor recommended us.'; // B 2
		const plus = await api('GET', 'contact_identities/?search_query=users+gregor');
		expect(ids(plus)).toEqual([SEEDED.gregorContactId, SEEDED.davidContactId]);
		const pct = await api('GET', 'contact_identities/?search_query=users%20gregor');
		expect(ids(pct)).toEqual(ids(plus));
		expect(ids(await api('GET', 'contact_identities/?search_query=users'))).toEqual([
			SEEDED.gregorContactId,
		]);
		// an explicit ordering overrides the ranking
		expect(
			ids(await api('GET', 'contact_identities/?search_query=users+gregor&ordering=name')),
		).toEqual([SEEDED.davidContactId, SEEDED.gregorContactId]);
		// search ANDs with filters
		expect(
			ids(await api('GET', 'contact_identities/?search_query=users+gregor&verified=false')),
		).toEqual([SEEDED.davidContactId]);
	});

	test('conversations: contact fields (A) rank above message bodies (C); occurrences add up', async () => {
		const gregorConvs = org1Conversations()
			.filter((c) => c.contact_identity_id === SEEDED.gregorContactId)
			.map((c) => c.id)
			.sort((a, b) => b - a);
		const other = org1Conversations().find(
			(c) => c.contact_identity_id === SEEDED.annaContactId,
		)!.id;
		const twice = org1Conversations().find(
			(c) => c.contact_identity_id === SEEDED.davidContactId,
		)!.id;
		sim.data.messages.push(
			{
				id: 990001,
				conversation_id: other,
				type: 'co',
				sender_type: 'contact',
				event: null,
				body: 'Gregor told me about you',
				sender: null,
				created_at: '2025-06-01T10:00:00.000Z',
			},
			{
				id: 990002,
				conversation_id: twice,
				type: 'co',
				sender_type: 'contact',
				event: null,
				body: 'Gregor and gregorian calendars',
				sender: null,
				created_at: '2025-06-01T10:00:00.000Z',
			},
		);
		const res = await api('GET', 'conversations/?search_query=gregor&limit=100');
		// Gregor's conversations score 6 (name + email), `twice` scores 2, `other` scores 1
		expect(ids(res)).toEqual([...gregorConvs, twice, other]);
		const page = await api('GET', 'conversations/?search_query=gregor&limit=1&offset=1');
		expect(page.body.count).toBe(gregorConvs.length + 2);
		expect(page.body.next).toContain('search_query=gregor');
	});

	test('stemmed keywords match longer words in messages', async () => {
		const res = await api('GET', 'conversations/?search_query=searching&limit=100');
		const expected = org1Conversations()
			.filter((c) =>
				sim.data.messages.some((m) => m.conversation_id === c.id && /\bsearch/i.test(m.body)),
			)
			.map((c) => c.id);
		expect(expected.length).toBeGreaterThan(0);
		expect(ids(res).sort()).toEqual(expected.sort());
	});
});

describe('pagination', () => {
	test('limit/offset links are absolute, keep the filters and are null at the ends', async () => {
		const first = await api('GET', 'conversations/?status=ended&limit=20');
		const count = org1Conversations().filter((c) => c.status === 'ended').length;
		expect(first.body.count).toBe(count);
		expect(first.body.previous).toBeNull();
		expect(first.body.next).toBe(
			`${sim.url}/api/um/v3/conversations/?status=ended&limit=20&offset=20`,
		);
		const second = await api('GET', first.body.next);
		expect(second.body.previous).toBe(`${sim.url}/api/um/v3/conversations/?status=ended&limit=20`);
		const seen = [...ids(first), ...ids(second)];
		let next: string | null = second.body.next;
		while (next) {
			const page = await api('GET', next);
			seen.push(...ids(page));
			next = page.body.next;
		}
		expect(seen).toEqual(
			org1Conversations()
				.filter((c) => c.status === 'ended')
				.map((c) => c.id)
				.sort((a, b) => b - a),
		);
		const defaults = await api('GET', 'navigation/');
		expect(defaults.body.results).toHaveLength(10);
		expect(defaults.body.results[0]).toEqual(
			expect.objectContaining({ id: 90080, url: expect.stringMatching(/^https:\/\//) }),
		);
	});

	test('messages use cursor pagination (newest first by default) with links keeping limit and filters', async () => {
		const all = sim.data.messages.filter((m) => m.conversation_id === 50001).map((m) => m.id);
		const first = await api('GET', 'conversations/50001/messages/?limit=4');
		expect(Object.keys(first.body)).toEqual(['next', 'previous', 'results']);
		expect(ids(first)).toEqual([...all].reverse().slice(0, 4));
		expect(first.body.previous).toBeNull();
		expect(first.body.next).toMatch(/limit=4&cursor=/);
		const second = await api('GET', first.body.next);
		expect(ids(second)).toEqual([...all].reverse().slice(4));
		expect(second.body.next).toBeNull();
		const back = await api('GET', second.body.previous);
		expect(ids(back)).toEqual(ids(first));
		const asc = await api(
			'GET',
			'conversations/50001/messages/?ordering=id&sender_type=contact&limit=1',
		);
		const contactIds = sim.data.messages
			.filter((m) => m.conversation_id === 50001 && m.sender_type === 'contact')
			.map((m) => m.id);
		expect(ids(asc)).toEqual([contactIds[0]]);
		expect(asc.body.next).toContain('sender_type=contact');
		expect(asc.body.next).toContain('ordering=id');
		expect(ids(await api('GET', asc.body.next))).toEqual([contactIds[1]]);
		const welcome = await api('GET', 'conversations/50001/messages/?event=welcome_message&type=ct');
		expect(welcome.body.results).toHaveLength(1);
		expect(welcome.body.results[0]).toMatchObject({
			sender_type: 'bot',
			sender: { id: SEEDED.botOperatorId },
		});
		expect((await api('GET', 'conversations/12345/messages/')).status).toBe(404);
		expect((await api('GET', 'conversations/50001/messages/?exclude_ids=50001')).status).toBe(404);
		expect(
			ids(
				await api('GET', `conversations/50001/messages/?exclude_ids=${all[5]},${all[4]}&limit=2`),
			),
		).toEqual([all[3], all[2]]);
		expect((await api('GET', 'conversations/50001/messages/?cursor=garbage')).body).toEqual({
			detail: 'Invalid cursor',
		});
	});

	test('page sizes are clamped to 100', async () => {
		const big = await createUserlikeSimulator({
			seed: { conversations: 150, messagesPerConversation: 130 },
		});
		try {
			const res = await request(`${big.url}/api/um/v3/conversations/?limit=500`, {
				headers: { authorization: ORG_TOKEN },
			});
			const body: any = await res.body.json();
			expect(body.results).toHaveLength(MAX_PAGE_SIZE);
			expect(body.next).toContain('limit=100&offset=100');
			const msgs = await request(`${big.url}/api/um/v3/conversations/50001/messages/`, {
				headers: { authorization: ORG_TOKEN },
			});
			const m: any = await msgs.body.json();
			expect(m.results).toHaveLength(100);
			expect(m.next).toContain('limit=100');
		} finally {
			await big.close();
		}
	});
});

describe('deleting', () => {
	test('list DELETE removes 10 by default, newest first, skipping ongoing conversations, with messages and notes', async () => {
		const res = await api('DELETE', 'conversations/');
		expect(res.status).toBe(204);
		expect(res.text).toBe('');
		const left = org1Conversations().map((c) => c.id);
		expect(left).toHaveLength(50);
		for (const id of SEEDED.ongoingConversationIds) expect(left).toContain(id);
		for (let id = 50048; id <= 50057; id++) expect(left).not.toContain(id);
		expect(sim.data.messages.some((m) => m.conversation_id === 50050)).toBe(false);
		expect(sim.data.conversations.filter((c) => c.organization_id === 2)).toHaveLength(8);
	});

	test('list DELETE honours filters and limit; limit over 100 answers 400', async () => {
		const pending = org1Conversations()
			.filter((c) => c.status === 'pending' && !c.ongoing)
			.map((c) => c.id);
		expect(pending.length).toBeGreaterThan(1);
		expect((await api('DELETE', 'conversations/?status=pending&limit=1')).status).toBe(204);
		expect(
			org1Conversations()
				.filter((c) => c.status === 'pending')
				.map((c) => c.id),
		).toEqual(pending.slice(0, -1));
		const tooMany = await api('DELETE', 'conversations/?limit=101');
		expect(tooMany.status).toBe(400);
		expect(tooMany.body).toEqual({
			detail: 'At most 100 conversations can be deleted per request (limit=101).',
		});
		expect((await api('DELETE', 'contact_identities/?search_query=gregor')).status).toBe(204);
		expect(sim.data.contacts.some((c) => c.id === SEEDED.gregorContactId)).toBe(false);
		expect(
			sim.data.conversations.some((c) => c.contact_identity_id === SEEDED.gregorContactId),
		).toBe(false);
	});

	test('delete_ids deletes exactly those ids, ignores unknown ones and refuses ongoing ones', async () => {
		expect(
			(await api('DELETE', 'conversations/?delete_ids=50001,50002,99999,40001&status=open&limit=1'))
				.status,
		).toBe(204);
		expect(sim.data.conversations.some((c) => c.id === 50001 || c.id === 50002)).toBe(false);
		expect(sim.data.conversations.some((c) => c.id === 40001)).toBe(true);
		const ongoing = await api('DELETE', 'conversations/?delete_ids=50003,50059,50060');
		expect(ongoing.status).toBe(400);
		expect(ongoing.body).toEqual({
			detail: 'Conversations 50059, 50060 are ongoing and cannot be deleted.',
		});
		expect(sim.data.conversations.some((c) => c.id === 50003)).toBe(true);
		const many = Array.from({ length: 101 }, (_, i) => 50001 + i).join(',');
		const tooMany = await api('DELETE', `conversations/?delete_ids=${many}`);
		expect(tooMany.status).toBe(400);
		expect(tooMany.body).toEqual({ detail: 'At most 100 ids can be deleted per request.' });
	});

	test("switch deleteIdsLimit 'applies': delete_ids is capped by the limit (10 by default, newest first)", async () => {
		sim.behaviour.deleteIdsLimit = 'applies';
		const named = Array.from({ length: 25 }, (_, i) => 50001 + i);
		expect((await api('DELETE', `conversations/?delete_ids=${named.join(',')}`)).status).toBe(204);
		const left = new Set(org1Conversations().map((c) => c.id));
		expect(named.filter((id) => !left.has(id))).toEqual(named.slice(-10));
		expect(
			(await api('DELETE', `conversations/?delete_ids=${named.join(',')}&limit=15`)).status,
		).toBe(204);
		expect(named.filter((id) => org1Conversations().some((c) => c.id === id))).toEqual([]);
		expect((await api('DELETE', 'contact_identities/?delete_ids=1,2&limit=101')).status).toBe(400);
	});

	test("switch ongoingInListDelete 'skip': ongoing conversations are left in place without a word", async () => {
		sim.behaviour.ongoingInListDelete = 'skip';
		expect((await api('DELETE', 'conversations/?delete_ids=50003,50059,50060')).status).toBe(204);
		expect(org1Conversations().some((c) => c.id === 50003)).toBe(false);
		expect(org1Conversations().filter((c) => c.id === 50059 || c.id === 50060)).toHaveLength(2);
	});

	test('single DELETE: ongoing conversation 400, others 204', async () => {
		const ongoing = await api('DELETE', 'conversations/50060/');
		expect(ongoing.status).toBe(400);
		expect(ongoing.body).toEqual({
			detail: 'Conversation 50060 is ongoing and cannot be deleted.',
		});
		expect((await api('DELETE', 'conversations/50001/')).status).toBe(204);
		expect(sim.data.notes.some((n) => n.conversation_id === 50001)).toBe(false);
		expect((await api('GET', 'conversations/50001/')).status).toBe(404);
		expect((await api('DELETE', 'notes/8002/')).status).toBe(204);
		expect((await api('GET', 'notes/8002/')).status).toBe(404);
	});

	test('operator DELETE guards: owner, requesting operator, last operator; no list DELETE', async () => {
		const owner = await api('DELETE', 'operators/101/');
		expect(owner.status).toBe(403);
		expect(owner.body).toEqual({ detail: 'The owner of the account cannot be deleted.' });
		const self = await api('DELETE', 'operators/103/', {
			headers: { 'Userlike-Operator-Id': '103' },
		});
		expect(self.status).toBe(403);
		expect(self.body).toEqual({ detail: 'You cannot delete the operator making the request.' });
		expect((await api('DELETE', 'operators/92/', { token: ORG2_TOKEN })).status).toBe(204);
		const last = await api('DELETE', 'operators/91/', { token: ORG2_TOKEN });
		expect(last.status).toBe(403);
		expect(last.body).toEqual({
			detail: 'The last operator of an organization cannot be deleted.',
		});
		expect((await api('DELETE', 'operators/777/')).body).toEqual({ detail: 'Not found.' });
		const list = await api('DELETE', 'operators/');
		expect(list.status).toBe(405);
		expect(list.body).toEqual({ detail: 'Method "DELETE" not allowed.' });
		expect(list.headers.allow).toBe('GET');
		expect((await api('DELETE', 'operators/104/')).status).toBe(204);
		expect(sim.data.conversations.some((c) => c.operator_id === 104)).toBe(false);
	});
});

describe('PATCH and POST', () => {
	test('PATCH needs Content-Type application/json and valid JSON', async () => {
		const none = await api('PATCH', 'contact_identities/2001/', { rawBody: '{"city":"Bonn"}' });
		expect(none.status).toBe(415);
		expect(none.body).toEqual({ detail: 'Unsupported media type "" in request.' });
		const text = await api('PATCH', 'contact_identities/2001/', {
			rawBody: '{"city":"Bonn"}',
			headers: { 'content-type': 'text/plain' },
		});
		expect(text.body).toEqual({ detail: 'Unsupported media type "text/plain" in request.' });
		const broken = await api('PATCH', 'contact_identities/2001/', {
			rawBody: '{"city":',
			headers: { 'content-type': 'application/json' },
		});
		expect(broken.status).toBe(400);
		expect(broken.body.detail).toMatch(/^JSON parse error - /);
		expect(sim.requests[2].rawBody).toBe('{"city":');
		expect(sim.data.contacts.find((c) => c.id === 2001)?.city).toBe('Berlin');
	});

	test('contact PATCH updates the documented fields, ignores others and validates country and email', async () => {
		const res = await api('PATCH', 'contact_identities/2001/', {
			json: {
				city: 'Köln',
				country: 'AT',
				phone_number: '+49521234567',
				contact_by_phone: true,
				external_customer_id: 123,
				verified: false,
				id: 5,
			},
		});
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({
			id: 2001,
			city: 'Köln',
			country: 'AT',
			phone_number: '+49521234567',
			contact_by_phone: true,
			external_customer_id: '123',
			verified: true,
			email: SEEDED.annaEmail,
		});
		expect(Object.keys(res.body)).toHaveLength(40);
		expect(sim.requests[0].body).toMatchObject({ city: 'Köln' });
		const conv = await api('GET', 'conversations/50001/');
		expect(conv.body.contact.city).toBe('Köln');
		const bad = await api('PATCH', 'contact_identities/2001/', {
			json: { country: 'XX', email: 'not-an-email', city: 'Bonn' },
		});
		expect(bad.status).toBe(400);
		expect(bad.body).toEqual({
			country: ['"XX" is not a valid choice.'],
			email: ['Enter a valid email address.'],
		});
		expect(sim.data.contacts.find((c) => c.id === 2001)?.city).toBe('Köln');
	});

	test('operator PATCH answers the slot view; v3 away; v2 slots PATCH', async () => {
		const res = await api('PATCH', 'operators/103/', {
			json: { available: false, sound_connect: false, out_of_office: true, name: 'ignored' },
		});
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			availability: 'unavailable',
			available: false,
			connected: true,
			free: 4,
			used: 1,
			total: 5,
		});
		const op = await api('GET', 'operators/103/');
		expect(op.body).toMatchObject({
			sound_connect: false,
			out_of_office: true,
			name: 'Lena Hoffmann',
			organization: { id: 1, name: 'Nordlicht Media GmbH' },
			operator_group: { id: 12, name: 'Sales' },
		});
		const away = await api('PATCH', 'operators/103/away/', { json: { away: false } });
		expect(away.body.availability).toBe('available');
		expect((await api('PATCH', 'operators/103/away/', { json: {} })).body).toEqual({
			away: ['This field is required.'],
		});
		expect(
			(await api('PATCH', 'operators/103/away/', { json: { away: true }, version: 'v2' })).status,
		).toBe(404);
		const v2 = await api('PATCH', 'operators/102/slots/', {
			json: { available: true },
			version: 'v2',
		});
		expect(v2.body).toEqual({
			availability: 'available',
			available: true,
			connected: true,
			free: 4,
			used: 1,
			total: 5,
		});
		expect((await api('PATCH', 'operators/102/slots/', { json: { available: true } })).status).toBe(
			405,
		);
		expect((await api('GET', 'operators/104/slots/')).body).toEqual({
			availability: 'offline',
			available: false,
			connected: false,
			free: 5,
			used: 0,
			total: 5,
		});
		expect((await api('PATCH', 'operators/103/', { json: { available: 'maybe' } })).body).toEqual({
			available: ['Must be a valid boolean.'],
		});
	});

	test('v3 POST notes/ creates a note; v2 has no POST', async () => {
		const created = await api('POST', 'notes/', {
			json: { body: 'Called back.', conversation_id: 50002 },
			headers: { 'Userlike-Operator-Id': '102' },
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			body: 'Called back.',
			conversation_id: 50002,
			contact_identity_id: null,
			operator_id: 102,
		});
		expect(created.body.id).toBe(8021);
		expect((await api('GET', 'notes/?conversation_id=50002')).body.results[0].id).toBe(8021);
		expect((await api('POST', 'notes/', { json: { conversation_id: 50002 } })).body).toEqual({
			body: ['This field is required.'],
		});
		expect(
			(await api('POST', 'notes/', { json: { body: 'x', contact_identity_id: 1001 } })).body,
		).toEqual({ contact_identity_id: ['Invalid pk "1001" - object does not exist.'] });
		expect(
			(
				await api('POST', 'notes/', {
					json: { body: 'x', contact_identity_id: 2001, conversation_id: 50002 },
				})
			).status,
		).toBe(400);
		expect(
			(await api('POST', 'notes/', { json: { body: 'x', conversation_id: 50002 }, version: 'v2' }))
				.status,
		).toBe(405);
	});

	test('versions: v3 has the /all/ lists, v2 does not', async () => {
		const all = await api('GET', 'conversations/all/?limit=3');
		expect(all.status).toBe(200);
		expect(ids(all)).toEqual([50060, 50059, 50058]);
		expect((await api('GET', 'contact_identities/all/')).body.count).toBe(40);
		expect((await api('GET', 'conversations/all/', { version: 'v2' })).status).toBe(404);
		expect((await api('GET', 'conversations/', { version: 'v2' })).body.count).toBe(60);
		expect(sim.requests.map((r) => r.apiVersion)).toEqual(['v3', 'v3', undefined, 'v2']);
	});
});

describe('rate limits and faults', () => {
	test('daily quota per organization and resource: 429 with Retry-After until midnight UTC', async () => {
		sim.behaviour.now = () => Date.parse('2025-06-02T23:59:00.000Z');
		sim.setUsedToday(1, 'conversations', 4998);
		expect((await api('GET', 'conversations/')).status).toBe(200);
		expect((await api('DELETE', 'conversations/50001/')).status).toBe(204);
		expect(sim.getUsedToday(1, 'conversations')).toBe(5000);
		const limited = await api('GET', 'conversations/50002/messages/');
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('60');
		expect(limited.body).toEqual({
			detail: 'Request was throttled. Expected available in 60 seconds.',
		});
		expect((await api('GET', 'contact_identities/')).status).toBe(200);
		expect((await api('GET', 'conversations/', { token: ORG2_TOKEN })).status).toBe(200);
		expect(sim.behaviour.usedToday).toEqual({
			'1:conversations': 5000,
			'1:contact_identities': 1,
			'2:conversations': 1,
		});
		sim.behaviour.dailyQuota = 6000;
		expect((await api('GET', 'conversations/')).status).toBe(200);
	});

	test('burst throttling with and without Retry-After', async () => {
		let now = Date.parse('2025-06-02T10:00:00.000Z');
		sim.behaviour.now = () => now;
		sim.behaviour.burst = { limit: 3, windowMs: 1000, retryAfter: 2 };
		for (let i = 0; i < 3; i++) expect((await api('GET', 'operators/')).status).toBe(200);
		const limited = await api('GET', 'notes/');
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toBe('2');
		expect(limited.body).toEqual({
			detail: 'Request was throttled. Expected available in 2 seconds.',
		});
		now += 1001;
		expect((await api('GET', 'notes/')).status).toBe(200);
		sim.behaviour.burst = { limit: 0, windowMs: 1000, retryAfter: null };
		const bare = await api('GET', 'notes/');
		expect(bare.status).toBe(429);
		expect(bare.headers['retry-after']).toBeUndefined();
		expect(bare.body).toEqual({ detail: 'Request was throttled.' });
	});

	test('failNext answers a status or resets the socket for matching requests; everything is recorded', async () => {
		sim.behaviour.failNext.push(
			{ status: 503, match: { method: 'GET', pathIncludes: '/contact_identities/' } },
			{ reset: true, match: { pathIncludes: '/operators/' } },
		);
		expect((await api('GET', 'conversations/')).status).toBe(200);
		const failed = await api('GET', 'contact_identities/');
		expect(failed.status).toBe(503);
		expect(failed.body).toEqual({ detail: 'Simulated failure.' });
		expect((await api('GET', 'contact_identities/')).status).toBe(200);
		await expect(api('GET', 'operators/')).rejects.toThrow();
		expect((await api('GET', 'operators/')).status).toBe(200);
		expect(sim.behaviour.failNext).toEqual([]);
		expect(sim.requests.map((r) => [r.method, r.path, r.status])).toEqual([
			['GET', '/api/um/v3/conversations/', 200],
			['GET', '/api/um/v3/contact_identities/', 503],
			['GET', '/api/um/v3/contact_identities/', 200],
			['GET', '/api/um/v3/operators/', 0],
			['GET', '/api/um/v3/operators/', 200],
		]);
	});

	test('unknown paths, trailing slashes, wrong methods and extra routes', async () => {
		expect((await api('GET', 'conversations')).status).toBe(404);
		expect((await api('GET', 'unknown/')).body).toEqual({ detail: 'Not found.' });
		expect((await api('PUT', 'conversations/50001/', { json: {} })).status).toBe(405);
		sim.route('POST', /^\/api\/chatbot\/$/, (ctx) => ({
			status: 200,
			body: { echoed: ctx.body, org: ctx.simulator.data.organizations.length },
		}));
		const extra = await api('POST', `${sim.url}/api/chatbot/`, {
			json: { cid: 'abc' },
			token: null,
		});
		expect(extra.body).toEqual({ echoed: { cid: 'abc' }, org: 2 });
		expect(sim.requests[3].query).toEqual({});
	});
});

describe('fault switch: a request line over the limit', () => {
	afterEach(() => {
		sim.behaviour.requestLineLimit = null;
	});

	it('closes the connection without an answer (recorded with status 0); a shorter line is answered', async () => {
		sim.behaviour.requestLineLimit = 8192;
		const query = (bytes: number) => `conversations/?search_query=${'a'.repeat(bytes)}`;
		// "GET /api/um/v3/conversations/?search_query=… HTTP/1.1": 55 bytes around the keyword
		const fits = await api('GET', query(8000));
		expect(fits.status).toBe(200);
		const before = sim.requests.length;
		await expect(api('GET', query(8200))).rejects.toThrow();
		expect(sim.requests.slice(before).map((r) => r.status)).toEqual([0]);
	});
});
