/**
 * A fake AWS SDK v3 client for unit tests: the fake itself (its `send`), with the client's class
 * as its prototype. The SDK's paginators (`paginateXxx`) send through `config.client` only when
 * it is an `instanceof` the client's class, and throw "Invalid client, expected instance of
 * XxxClient" otherwise. The class's constructor is not run: the fake has no config and no
 * middleware, and its own `send` answers every command.
 */
export function sdkFake<C extends object>(Client: { prototype: C }, fake: object): C {
  return Object.setPrototypeOf(fake, Client.prototype) as C;
}
