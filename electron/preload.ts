// Placeholder: the preload bridge is being written.
export {};
