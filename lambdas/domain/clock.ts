import { monotonicFactory } from 'ulid';

/** Time is a dependency: the domain asks the clock, so tests can inject one. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

const nextUlid = monotonicFactory();

/** A new ULID at the clock's time: ids sort by creation time, which the feeds rely on. */
export const newId = (clock: Clock): string => nextUlid(clock().getTime());
