package io.muster.spi.model;

/** Serf member status; {@link #code()} is the integer Consul's API uses (1 alive, 2 leaving, 3 left, 4 failed). */
public enum MemberStatus {
    NONE(0), ALIVE(1), LEAVING(2), LEFT(3), FAILED(4);

    private final int code;

    MemberStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** Lower-case name as `members` prints it. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
