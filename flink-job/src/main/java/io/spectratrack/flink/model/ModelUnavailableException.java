package io.spectratrack.flink.model;

/**
 * The model cannot be called at all (its host is closed or the caller was interrupted while
 * waiting): no target is at fault, so per-target isolation must not swallow it. The task fails and
 * Flink's restart strategy brings it back from the last checkpoint.
 */
public class ModelUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ModelUnavailableException(String message) {
        super(message);
    }

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
