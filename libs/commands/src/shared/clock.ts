/** Where time enters: handlers ask the clock and put `now` into the command. Tests inject their own. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
