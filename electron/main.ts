// Placeholder: the Electron layer is being written (see electron/security.ts, electron/ipc.ts).
export {};
