package io.spectratrack.datasets.hot;

/** A HOT-format folder or file that cannot be read; the message names the file (and line). */
public class HotFormatException extends RuntimeException {
    public HotFormatException(String message) {
        super(message);
    }

    public HotFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
