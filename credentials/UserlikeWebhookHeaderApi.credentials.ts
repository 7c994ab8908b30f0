import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A header that Userlike sends with its add-on API callbacks, so that the Userlike Trigger can tell
 * Userlike's calls from anyone else's (Userlike signs nothing; the add-on settings can send headers).
 *
 * About the credential test: this credential holds a secret for *incoming* calls. Userlike is the
 * caller, and there is no Userlike request that would show whether the header is configured there, so
 * no request could prove it. The credential is therefore not given a `test` request that would only
 * pretend; the Userlike Trigger tests it instead (`testedBy: 'userlikeWebhookHeaderTest'`) by checking
 * what can be checked here: a valid header name and a value long enough to be a secret. Whether Userlike
 * sends it shows in the first callback: without it the trigger answers 401 (missing) or 403 (wrong).
 */
export class UserlikeWebhookHeaderApi implements ICredentialType {
	name = 'userlikeWebhookHeaderApi';

	displayName = 'Userlike Webhook Header API';

	icon: Icon = {
		light: 'file:../icons/userlike.svg',
		dark: 'file:../icons/userlike.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-userlike/n8n-nodes-userlike#the-secret-header';

	properties: INodeProperties[] = [
		{
			displayName:
				'Enter the same header in Userlike: Dashboard > Add-ons > API, next to the callback URL',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Header Name',
			name: 'webhookHeaderName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. X-Userlike-Secret',
			description: 'The name of the header Userlike sends with every callback',
		},
		{
			displayName: 'Header Value',
			name: 'webhookHeaderSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The secret value of the header, at least 16 characters. Use a long random string.',
		},
	];
}
