package io.spectratrack.model.serving;

/** A model directory that cannot be served: missing, not a SavedModel, not BCR-Net, or another variant. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
