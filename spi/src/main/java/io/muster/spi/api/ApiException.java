package io.muster.spi.api;

/**
 * A request the kernel refused or could not serve. {@link Kind} tells a frontend which status to use
 * (HTTP: 400, 403, 404, 409, 413, 429, 500, 503); the message is Consul's text where Consul has one.
 */
public class ApiException extends RuntimeException {
    public enum Kind { BAD_REQUEST, PERMISSION_DENIED, NOT_FOUND, CONFLICT, TOO_LARGE, TOO_MANY_REQUESTS, INTERNAL, UNAVAILABLE }

    private final Kind kind;

    public ApiException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ApiException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Kind.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Kind.NOT_FOUND, message);
    }

    /** Consul's text when a request needs a leader and the cluster has none. */
    public static ApiException noLeader() {
        return new ApiException(Kind.INTERNAL, "No cluster leader");
    }
}
