import type { IHookFunctions } from 'n8n-workflow';

/**
 * `webhookMethods` for a webhook whose URL the user pastes into the Userlike Dashboard by hand:
 * Userlike offers no API to list, add or remove callback or bot webhook URLs. So these make no calls
 * and store nothing; the node's notice tells the user where to paste the URL.
 */
export const manualWebhookMethods = {
	default: {
		// n8n asks whether the URL is registered with Userlike. It cannot know, so it answers false and
		// n8n goes on to `create`.
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return false;
		},
		// Nothing to create through an API: registration is the manual step in the notice.
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		// Nothing was registered through an API, so there is nothing to remove. The URL stays in
		// Userlike's settings until someone removes it there; while the workflow is inactive, n8n answers
		// Userlike's calls with 404.
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
