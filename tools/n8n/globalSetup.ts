import { prepareRuntime } from './provision';

export default async function globalSetup(): Promise<void> {
	prepareRuntime();
}
