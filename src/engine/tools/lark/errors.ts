/** A grammar the emulator cannot use: the request gets a 400 `invalid_grammar` carrying this message. */
export class GrammarError extends Error {}
