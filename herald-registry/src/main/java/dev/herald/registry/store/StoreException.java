package dev.herald.registry.store;

/** The log could not be read or written (Confluent error 50001, or 50002 for a timeout). */
public final class StoreException extends RuntimeException {
    private final boolean timeout;

    public StoreException(String message, boolean timeout, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    public boolean timeout() {
        return timeout;
    }
}
