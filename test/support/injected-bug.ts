/** The product name of a valid purchase that a test's throwing steps throw on: a bug no input is known to trigger. */
export const POISON = 'poison-pill';

/** An error a test's step throws, as a bug would. */
export class InjectedBug extends Error {
  constructor() {
    super(`injected bug on ${POISON}`);
    this.name = 'InjectedBug';
  }
}
