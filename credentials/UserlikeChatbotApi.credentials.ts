import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * One Userlike API chatbot: the API URL and security token the bot uses to post events later
 * (Userlike Chatbot node), and the header Userlike sends with every webhook call (Userlike Chatbot
 * Trigger). All four come from the same place: Dashboard > Team > Chatbots > the API bot > Edit.
 */
export class UserlikeChatbotApi implements ICredentialType {
	name = 'userlikeChatbotApi';

	displayName = 'Userlike Chatbot API';

	icon: Icon = {
		light: 'file:../icons/userlike.svg',
		dark: 'file:../icons/userlike.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-userlike/n8n-nodes-userlike#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. https://api.userlike.com/api/chatbot/...',
			description:
				"The bot's API URL, shown in its API settings in the Userlike Dashboard (Team > Chatbots > Edit). Events sent later, outside a webhook response, go there.",
		},
		{
			displayName: 'Security Token',
			name: 'securityToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The API security token generated in the same settings. Sent as the SECURITY-TOKEN header with every request to the API URL.',
		},
		{
			displayName: 'Webhook Header Name',
			name: 'webhookHeaderName',
			type: 'string',
			default: '',
			placeholder: 'e.g. X-Userlike-Secret',
			description:
				"Optional. A header you added under the bot's Webhook Headers in Userlike. When set, the Userlike Chatbot Trigger answers 401 to webhook calls without it and 403 to calls with another value, and starts nothing. Leave name and value empty for no check; a value without a usable name refuses every call.",
		},
		{
			displayName: 'Webhook Header Value',
			name: 'webhookHeaderSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The secret value of that header, exactly as entered in Userlike. Use a long random string.',
		},
	];

	// A function, not n8n's generic (expression) form: no expression per request (see UserlikeApi).
	authenticate: IAuthenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		requestOptions.headers = {
			...requestOptions.headers,
			'SECURITY-TOKEN': String(credentials.securityToken ?? ''),
		};
		return requestOptions;
	};

	// The chatbot API URL has one request: POST a list of events to trigger. Every event changes a
	// conversation (a message, a forward, …) and names a chat session (cid), so none of them is a test
	// without side effects. An empty list is the exception: it triggers nothing and names no chat
	// session (so it spends no session's 20-a-minute budget), yet Userlike still checks the security
	// token on it. A wrong token fails the test (401/403), a wrong URL too (404).
	// The body is the text "[]": n8n's HTTP helper drops an empty array or object from a request.
	// The rules give Userlike-specific messages where n8n passes the HTTP status on to them; n8n 2.8 shows
	// its own ("Forbidden - perhaps check your credentials?").
	// The Chatbot API docs do not describe the answer to an empty list: should Userlike ever answer
	// it with 400, the test reports "Bad request" although the token is right.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: '={{$credentials.apiUrl}}',
			body: '[]',
			headers: { 'Content-Type': 'application/json' },
			json: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Userlike did not accept the security token (401)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'Userlike did not accept the security token (403)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: "No chatbot API at this URL (404): copy the API URL from the bot's settings",
				},
			},
		],
	};
}
