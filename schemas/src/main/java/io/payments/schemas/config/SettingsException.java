package io.payments.schemas.config;

/** A setting that is missing or malformed; the message names the key and how to set it. */
public class SettingsException extends IllegalArgumentException {

    public SettingsException(String message) {
        super(message);
    }
}
