/**
 * The task class of the decorator build tests, written once the way an app writes it and
 * compiled four ways (tsc and esbuild, each with and without `experimentalDecorators`).
 */
import 'reflect-metadata';
import { registerTaskInstances, task } from '../index.js';

/** What the tasks did, in order. */
export const done: string[] = [];

export interface Delivery {
  urgent: boolean;
  at?: string;
}

/** Static methods: they run with the class as `this`. */
export class Mailer {
  static readonly from = 'noreply@example.com';

  @task()
  static async send(to: string, delivery: Delivery): Promise<string> {
    const line = `${this.from} -> ${to}${delivery.urgent ? ' (urgent)' : ''}`;
    done.push(line);
    return line;
  }

  @task({ name: 'mailer.report', captureResponse: true })
  static report(count: number): { count: number } {
    done.push(`report ${count}`);
    return { count };
  }
}

/** Instance methods: they run on the instance registered below. */
export class Greeter {
  constructor(private readonly greeting: string) {}

  @task()
  async greet(name: string): Promise<string> {
    const line = `${this.greeting}, ${name}`;
    done.push(line);
    return line;
  }
}

let shared: Greeter | undefined;
/** How many times the registered resolver was asked. */
export const resolved = { count: 0 };

// made on first use, as an app container makes its services
registerTaskInstances(Greeter, async () => {
  resolved.count++;
  return (shared ??= new Greeter('Hello'));
});
