/** Types of ./node-binary.mjs (for the TypeScript tests that import it). */
export declare function nodeBinary(major: string): { bin: string; error?: undefined } | { error: string; bin?: undefined };
