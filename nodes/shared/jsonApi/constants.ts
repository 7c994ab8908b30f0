/** What both the JSON API's UI descriptions and its transport need. */

/** The credential every JSON API request uses (credentials/UserlikeApi.credentials.ts). */
export const USERLIKE_API_CREDENTIAL = 'userlikeApi';

/** The most items Userlike returns on one page, and the most a list DELETE removes in one call. */
export const MAX_PAGE_SIZE = 100;
