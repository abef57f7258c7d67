package dev.herald.registry.subject;

/**
 * A request the registry refuses, carrying the HTTP status and Confluent error code clients switch on
 * (40401 subject not found, 409 incompatible, 42201 invalid schema, ...) and a message that says what to do.
 */
public final class RegistryException extends RuntimeException {
    private final int httpStatus;
    private final int errorCode;

    public RegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(int version) {
        return new RegistryException(404, 40402, "Version " + version + " not found.");
    }

    static RegistryException schemaNotFound(String detail) {
        return new RegistryException(404, 40403, detail);
    }

    static RegistryException invalidSchema(String message) {
        return new RegistryException(422, 42201, message);
    }

    public static RegistryException invalidVersion(String version) {
        return new RegistryException(422, 42202, "The specified version '" + version + "' is not a valid version id. "
                + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryException notPermitted(String message) {
        return new RegistryException(422, 42205, message);
    }

    public static RegistryException badRequest(String message) {
        return new RegistryException(400, 400, message);
    }
}
