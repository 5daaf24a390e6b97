/** Where the n8n harness (tests, `npm start`, benchmarks, screenshots) keeps things. `.e2e/` is git-ignored scratch space inside the repo. */
import { join } from 'path';

export const REPO_ROOT = join(__dirname, '../..');
export const E2E_DIR = join(REPO_ROOT, '.e2e');
export const PACK_DIR = join(E2E_DIR, 'pack');
export const TEMPLATE_DIR = join(E2E_DIR, 'template');
export const INSTANCES_DIR = join(E2E_DIR, 'instances');
export const RUNTIME_FILE = join(E2E_DIR, 'runtime.json');
export const PACKAGE_NAME = 'n8n-nodes-fundraising-sync';
/** Fixed so that every copy of the template user folder can decrypt the same credentials. */
export const ENCRYPTION_KEY = 'e2e-only-not-a-secret-0123456789';

export interface Runtime {
	node24Bin: string;
	n8nDir: string;
	/** The provisioned n8n's version (N8N_VERSION, or the primary of scripts/n8n-versions.json). */
	n8nVersion: string;
	tarball: string;
}
