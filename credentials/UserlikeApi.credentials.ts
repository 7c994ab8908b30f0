import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export class UserlikeApi implements ICredentialType {
	name = 'userlikeApi';

	displayName = 'Userlike API';

	icon: Icon = {
		light: 'file:../icons/userlike.svg',
		dark: 'file:../icons/userlike.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-userlike/n8n-nodes-userlike#credential-userlike-api';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'An organization token (Dashboard > Chat tools > API settings) or a customer token (Dashboard > Account > API settings)',
		},
		{
			displayName: 'Organization ID',
			name: 'organizationId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 12345',
			description:
				'Only with a customer token: the organization to act for, sent as the Userlike-Organization-Id header. Userlike silently falls back to the default organization when the ID is wrong.',
		},
		{
			displayName: 'Operator ID',
			name: 'operatorId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 23',
			description:
				'Run every request with the rights of this operator (sent as the Userlike-Operator-Id header), e.g. a dedicated API operator whose role forbids deletions',
		},
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
			options: [
				{ name: 'V3 (Current)', value: 'v3' },
				{ name: 'V2 (Legacy)', value: 'v2' },
			],
			default: 'v3',
			description:
				'Userlike disabled v2 for most accounts; keep v3 unless your account still runs on v2',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.userlike.com',
			description: 'Change only to go through a proxy or to use a Userlike sandbox',
		},
	];

	// A function, not n8n's generic (expression) form: n8n calls it for every request with the credential
	// (our nodes and the HTTP Request node's Predefined Credential Type alike), and a function costs no
	// expression work there, where the generic form made n8n resolve five expressions per request (in
	// the expression sandbox on n8n 2.35 and later). n8n's editor still sees that the credential has an
	// `authenticate` (it receives `authenticate: {}`), so the HTTP Request node still offers the
	// credential and n8n still adds "Custom API Call" to the Userlike node. The organization and operator
	// headers are sent only when set. An own property (not a class method): n8n copies the credential
	// with an object spread before it writes the editor's types, which drops prototype methods.
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const headers: IDataObject = { ...requestOptions.headers };
		headers.Authorization = String(credentials.apiToken ?? '');
		const organizationId = String(credentials.organizationId ?? '').trim();
		if (organizationId) headers['Userlike-Organization-Id'] = organizationId;
		const operatorId = String(credentials.operatorId ?? '').trim();
		if (operatorId) headers['Userlike-Operator-Id'] = operatorId;
		requestOptions.headers = headers;
		return requestOptions;
	};

	// One cheap GET: the first operator of the organization. It proves the token (401 otherwise) and,
	// with an operator ID, that this operator exists (403 otherwise).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}/api/um/{{$credentials.apiVersion}}',
			url: '/operators/',
			qs: { limit: 1 },
		},
		// What the credential's Test says when Userlike refuses the token (the editor suite checks it).
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Userlike did not accept the API token (401): copy it again from the Userlike Dashboard (Chat tools > API settings, or Account > API settings for a customer token)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Userlike refused the request (403): the Operator ID must be an operator of the organization, or empty',
				},
			},
		],
	};
}
