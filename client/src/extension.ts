// Placeholder; the VS Code client is built in client/src/.
export function activate(): void {}
export function deactivate(): void {}
