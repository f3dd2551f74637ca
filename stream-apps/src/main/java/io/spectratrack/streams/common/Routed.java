package io.spectratrack.streams.common;

import io.spectratrack.avro.DeadLetter;

/**
 * What a gateway processor emits for one input record: either the good output, or a dead letter
 * bound for a named dead-letter topic. Keeping both in one stream lets the topology split them
 * into their sinks while staying inside the same Kafka transaction (exactly-once covers the DLQ).
 */
public final class Routed<T> {
    private final T value;
    private final DeadLetter deadLetter;
    private final String deadLetterTopic;

    private Routed(T value, DeadLetter deadLetter, String deadLetterTopic) {
        this.value = value;
        this.deadLetter = deadLetter;
        this.deadLetterTopic = deadLetterTopic;
    }

    public static <T> Routed<T> of(T value) {
        return new Routed<>(value, null, null);
    }

    public static <T> Routed<T> deadLetter(String topic, DeadLetter deadLetter) {
        return new Routed<>(null, deadLetter, topic);
    }

    public boolean isDeadLetter() { return deadLetter != null; }
    public T value() { return value; }
    public DeadLetter deadLetterRecord() { return deadLetter; }
    public String deadLetterTopic() { return deadLetterTopic; }
}
