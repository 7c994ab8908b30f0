// n8n-core writes its instance settings (~/.n8n/config) on first use: keep them in a temporary folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-userlike-test-'));
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
