package io.spectratrack.streams.cli;

/** Chooses the apps' log configuration before the first logger exists. */
final class Logging {
    private Logging() {}

    /**
     * kafka-test-common-runtime ships a {@code log4j2.yaml} that log4j would prefer over any
     * {@code log4j2.xml}; name ours explicitly unless the launcher already chose one.
     */
    static void configure() {
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "spectratrack-streams-log4j2.xml");
        }
    }
}
