import { shutDownCore } from './harness/core';

// n8n-core's SSH clients manager holds a 60-second interval once any node ran: end it, so that jest
// exits on its own.
afterAll(shutDownCore);
