package io.spectratrack.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The demo's configuration: {@code config/demo.properties} (the file given, else the copy bundled
 * on the classpath from the same file), with sections handed on to the programs it starts.
 */
public final class DemoSettings {
    static final String BUNDLED = "/config/demo.properties";

    private final Properties values;

    private DemoSettings(Properties values) {
        this.values = values;
    }

    public static DemoSettings load(Path file) {
        Properties p = new Properties();
        try {
            if (file != null) {
                if (!Files.isRegularFile(file)) throw new IllegalArgumentException("config file " + file + " does not exist");
                try (Reader r = Files.newBufferedReader(file)) {
                    p.load(r);
                }
            } else {
                try (InputStream in = DemoSettings.class.getResourceAsStream(BUNDLED)) {
                    if (in != null) p.load(in);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + (file == null ? BUNDLED : file) + ": " + e.getMessage(), e);
        }
        return new DemoSettings(p);
    }

    public static DemoSettings of(Map<String, String> values) {
        Properties p = new Properties();
        p.putAll(values);
        return new DemoSettings(p);
    }

    public DemoSettings with(String key, String value) {
        Properties p = new Properties();
        p.putAll(values);
        p.setProperty(key, value);
        return new DemoSettings(p);
    }

    public String get(String key, String dflt) {
        String v = values.getProperty(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    public int getInt(String key, int dflt) {
        String v = get(key, null);
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
        }
    }

    public double getDouble(String key, double dflt) {
        String v = get(key, null);
        try {
            return v == null ? dflt : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
        }
    }

    public boolean getBoolean(String key, boolean dflt) {
        String v = get(key, null);
        if (v == null) return dflt;
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) return Boolean.parseBoolean(v);
        throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
    }

    /** Every key under {@code prefix + "."}, without the prefix. */
    public Map<String, String> section(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        String p = prefix + ".";
        for (String k : values.stringPropertyNames()) {
            if (k.startsWith(p)) out.put(k.substring(p.length()), values.getProperty(k).trim());
        }
        return out;
    }
}
