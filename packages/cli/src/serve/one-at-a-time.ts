/**
 * Runs a job one at a time. A request while a run is under way is not lost: once the run ends,
 * exactly one more follows (with the latest request's reason), however many came meanwhile.
 * Every caller gets the outcome of the last run that covers its request.
 */
export function oneAtATime<T>(run: (reason: string) => Promise<T>, stopped: () => boolean = () => false): (reason: string) => Promise<T> {
  let running: Promise<T> | null = null;
  let again: string | null = null;
  return (reason) => {
    if (running) {
      again = reason;
      return running;
    }
    running = (async () => {
      try {
        let outcome = await run(reason);
        while (again !== null && !stopped()) {
          const next: string = again;
          again = null;
          outcome = await run(next);
        }
        return outcome;
      } finally {
        // in the same step as the decision to stop: no request can slip in between
        running = null;
      }
    })();
    return running;
  };
}
