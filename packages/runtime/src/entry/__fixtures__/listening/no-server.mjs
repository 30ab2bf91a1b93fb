// Neither exports an app nor starts a server.
export const answer = 42;
