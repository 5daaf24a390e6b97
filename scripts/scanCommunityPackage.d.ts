/** The part of `@n8n/scan-community-package` 0.32.0 (no types shipped) that scripts/scanPackage.ts calls. */
declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
	export function analyzePackage(packageDir: string, filePatterns?: string[]): Promise<{ passed: boolean; message?: string; details?: string }>;
	export const SOURCE_FILE_PATTERNS: string[];
}
