package io.spectratrack.streams.common;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * One app's configuration: a properties file (config/*.properties) with command-line overrides on
 * top. Keys under {@value #PREFIX} are ours (topics, thresholds); every other key is handed to
 * Kafka Streams as is, so any Streams/producer/consumer setting can be tuned from the file.
 */
public final class AppConfig {
    public static final String PREFIX = "spectratrack.";

    private final Properties values;

    private AppConfig(Properties values) {
        this.values = values;
    }

    public static AppConfig of(Map<String, String> values) {
        Properties p = new Properties();
        p.putAll(values);
        return new AppConfig(p);
    }

    /** Reads {@code file} (may be null) and applies {@code overrides} on top. */
    public static AppConfig load(Path file, Map<String, String> overrides) {
        Properties p = new Properties();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("config file " + file + " does not exist");
            }
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
        }
        overrides.forEach((k, v) -> { if (v != null) p.setProperty(k, v); });
        return new AppConfig(p);
    }

    /** {@code defaults}, then every non-{@value #PREFIX} key of this configuration on top. */
    public Properties streamsProperties(Properties defaults) {
        Properties out = new Properties();
        out.putAll(defaults);
        for (String k : values.stringPropertyNames()) {
            if (!k.startsWith(PREFIX)) out.setProperty(k, values.getProperty(k).trim());
        }
        return out;
    }

    public String get(String key, String dflt) {
        String v = values.getProperty(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    public int getInt(String key, int dflt) {
        return (int) getLong(key, dflt);
    }

    public long getLong(String key, long dflt) {
        String v = get(key, null);
        if (v == null) return dflt;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
        }
    }

    public boolean getBoolean(String key, boolean dflt) {
        String v = get(key, null);
        if (v == null) return dflt;
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }
}
