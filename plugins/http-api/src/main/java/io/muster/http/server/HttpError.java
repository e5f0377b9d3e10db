package io.muster.http.server;

/** A request the HTTP layer itself refuses, with Consul's status code and plain-text reason. */
public final class HttpError extends RuntimeException {
    private final int status;

    public HttpError(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HttpError badRequest(String reason) {
        return new HttpError(400, reason);
    }

    public static HttpError notFound(String reason) {
        return new HttpError(404, reason);
    }

    /** Consul's decode failure text for a body that is not the expected JSON. */
    public static HttpError decodeFailed(String detail) {
        return new HttpError(400, "Request decode failed: " + detail);
    }
}
