package io.payments.schemas.registry;

/**
 * An error answered by a schema registry, with the Confluent error code
 * (e.g. 40401 subject not found, 40403 schema not found, 409 incompatible, 42201 invalid schema).
 * Error code 0 means the registry could not be reached or answered something unreadable.
 */
public class SchemaRegistryException extends RuntimeException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int UNREACHABLE = 0;

    private final int errorCode;

    public SchemaRegistryException(int errorCode, String message) {
        this(errorCode, message, null);
    }

    public SchemaRegistryException(int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }

    /** The HTTP status the Confluent REST API answers with for this error code. */
    public int httpStatus() {
        if (errorCode == INCOMPATIBLE_SCHEMA) {
            return 409;
        }
        if (errorCode >= 40400 && errorCode < 40500) {
            return 404;
        }
        if (errorCode >= 42200 && errorCode < 42300) {
            return 422;
        }
        return 500;
    }

    public boolean isNotFound() {
        return httpStatus() == 404;
    }
}
