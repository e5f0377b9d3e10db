package io.muster.kernel.consensus;

/**
 * The result of a command the store refused (a constraint failed). Returned, not thrown, so that every server
 * applies the same command the same way; the proposer's endpoint turns it into an API error.
 */
public record CommandError(String message) {
}
