package io.payments.schemas.registry;

/**
 * An error answered by a schema registry, with the Confluent error code
 * (e.g. 40401 subject not found, 40403 schema not found, 409 incompatible, 42201 invalid schema)
 * and the HTTP status it came with. Error code 0 means the registry could not be reached, did
 * not answer in time or answered something unreadable; its HTTP status is then 0 (none).
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
    private final int httpStatus;

    /** An error raised here rather than answered over HTTP: its status is the one Confluent's REST API gives the code. */
    public SchemaRegistryException(int errorCode, String message) {
        this(errorCode, message, null);
    }

    public SchemaRegistryException(int errorCode, String message, Throwable cause) {
        this(errorCode, statusOf(errorCode), message, cause);
    }

    /** An error as a registry answered it (or, with status 0, did not answer). */
    public SchemaRegistryException(int errorCode, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    /** The HTTP status: as answered, or for an error raised here the one the Confluent REST API answers with. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's own answer that a subject, version or schema id does not exist (40401, 40402, 40403). */
    public boolean isNotFound() {
        return errorCode >= 40400 && errorCode < 40500;
    }

    /**
     * Whether the error says nothing about the schema or the record that needed it: the registry
     * is unreachable or slow (code 0), failing (5xx), throttling (429) or refusing this client's
     * credentials (401, 403), or answering 404 without one of its error codes (a wrong URL, a
     * proxy's page): misconfigurations an operator fixes. The caller retries with backoff and never
     * dead-letters a record for it. Not found (40401, 40402, 40403), invalid (42201) and
     * incompatible (409) are answers about the schema and are not transient.
     */
    public boolean isTransient() {
        return errorCode == UNREACHABLE || httpStatus >= 500 || httpStatus == 429 || httpStatus == 401
                || httpStatus == 403 || (httpStatus == 404 && !isNotFound());
    }

    private static int statusOf(int errorCode) {
        if (errorCode == UNREACHABLE) {
            return 0;
        }
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
}
