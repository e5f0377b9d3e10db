package io.muster.http.filter;

/** A {@code ?filter} expression that does not parse; the message names line, column and offset like go-bexpr. */
public final class FilterSyntaxException extends RuntimeException {
    public FilterSyntaxException(String message) {
        super(message, null, false, false);
    }
}
