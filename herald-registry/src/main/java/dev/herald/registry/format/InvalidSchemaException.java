package dev.herald.registry.format;

/** A schema text that its format's parser refuses; the message says what is wrong (REST error 42201). */
public final class InvalidSchemaException extends Exception {
    public InvalidSchemaException(String message) {
        super(message);
    }

    public InvalidSchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
