import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time.js';

/** A job whose runs end when the test says so. */
function controlledJob() {
  const runs: string[] = [];
  const finishers: Array<() => void> = [];
  const run = (reason: string) =>
    new Promise<string>((resolve) => {
      runs.push(reason);
      finishers.push(() => resolve(`done ${reason}`));
    });
  const finishNext = async () => {
    await new Promise((r) => setTimeout(r, 0));
    finishers.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { runs, run, finishNext };
}

describe('oneAtATime', () => {
  it('never overlaps runs, and folds every request made during a run into one more run', async () => {
    const job = controlledJob();
    const trigger = oneAtATime(job.run);
    const first = trigger('a');
    const second = trigger('b');
    const third = trigger('c');
    expect(job.runs).toEqual(['a']);
    await job.finishNext();
    expect(job.runs).toEqual(['a', 'c']);
    await job.finishNext();
    expect(await Promise.all([first, second, third])).toEqual(['done c', 'done c', 'done c']);
    // idle again: the next request runs at once
    const fourth = trigger('d');
    expect(job.runs).toEqual(['a', 'c', 'd']);
    await job.finishNext();
    expect(await fourth).toBe('done d');
  });

  it('runs no more once stopped', async () => {
    const job = controlledJob();
    let stopped = false;
    const trigger = oneAtATime(job.run, () => stopped);
    const first = trigger('a');
    void trigger('b');
    stopped = true;
    await job.finishNext();
    expect(await first).toBe('done a');
    expect(job.runs).toEqual(['a']);
  });
});
