/** Shared set-up of the action-node suites: one simulator per file, reset before each test. */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runUserlike } from '../harness/n8n';
import type { RecordedRequest, UserlikeSimulator } from '../simulator';
import { createUserlikeSimulator, ORG_TOKEN } from '../simulator';

export interface Context {
	sim: UserlikeSimulator;
	credentials: (extra?: ICredentialDataDecryptedObject) => ICredentialDataDecryptedObject;
	run: (
		parameters: IDataObject,
		options?: {
			credentials?: ICredentialDataDecryptedObject;
			input?: INodeExecutionData[];
			continueOnFail?: boolean;
			/** The workflow's time zone (n8n's default otherwise). */
			timezone?: string;
		},
	) => ReturnType<typeof runUserlike>;
	/** Requests that reached the JSON API (the simulator records everything). */
	apiCalls: () => RecordedRequest[];
}

export function useSimulator(seed?: Parameters<typeof createUserlikeSimulator>[0]): Context {
	const context = {} as Context;
	beforeAll(async () => {
		context.sim = await createUserlikeSimulator(seed);
	});
	afterAll(async () => {
		await context.sim.close();
	});
	beforeEach(() => context.sim.reset());
	context.credentials = (extra = {}) => ({
		apiToken: ORG_TOKEN,
		baseUrl: context.sim.url,
		apiVersion: 'v3',
		organizationId: '',
		operatorId: '',
		...extra,
	});
	context.run = async (parameters, options = {}) =>
		await runUserlike(parameters, options.credentials ?? context.credentials(), {
			input: options.input,
			continueOnFail: options.continueOnFail,
			settings: options.timezone ? { timezone: options.timezone } : undefined,
		});
	context.apiCalls = () =>
		context.sim.requests.filter((request) => request.path.startsWith('/api/um/'));
	return context;
}

/** A resource-locator value picked "By ID". */
export function byId(id: number | string) {
	return { __rl: true, mode: 'id', value: String(id) };
}

/** A resource-locator value picked "From List". */
export function fromList(id: number | string) {
	return { __rl: true, mode: 'list', value: String(id) };
}
