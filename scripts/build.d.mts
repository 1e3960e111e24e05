// Types for tests that build bundles before spawning workers or the CLI.
export function buildCore(): Promise<void>;
export function buildElectron(): Promise<void>;
export function buildRenderer(): Promise<void>;
export function buildWasm(): void;
