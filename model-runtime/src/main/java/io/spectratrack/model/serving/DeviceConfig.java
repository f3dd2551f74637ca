package io.spectratrack.model.serving;

import java.util.Locale;

/**
 * Where the model runs.
 *
 * @param device         "auto" (GPU 0 if usable, else CPU, logged), "cpu", or "gpu:N"
 * @param allowGrowth    let TensorFlow grow GPU memory on demand instead of grabbing it all
 * @param memoryFraction fraction of GPU memory this process may take (0 = TensorFlow's default)
 */
public record DeviceConfig(String device, boolean allowGrowth, double memoryFraction) {

    public DeviceConfig {
        if (device == null) {
            throw new IllegalArgumentException("device must be auto, cpu or gpu:N");
        }
        device = device.trim().toLowerCase(Locale.ROOT);
        if (!device.equals("auto") && !device.equals("cpu") && !device.matches("gpu:\\d+")) {
            throw new IllegalArgumentException("device '" + device + "' is not one of auto, cpu, gpu:N");
        }
        if (memoryFraction < 0 || memoryFraction > 1) {
            throw new IllegalArgumentException("memoryFraction must be in [0, 1], got " + memoryFraction);
        }
    }

    public static DeviceConfig cpu() {
        return new DeviceConfig("cpu", true, 0);
    }

    public static DeviceConfig auto() {
        return new DeviceConfig("auto", true, 0);
    }

    /** Parses "auto", "cpu" or "gpu:N" with memory growth on. */
    public static DeviceConfig parse(String s) {
        return new DeviceConfig(s, true, 0);
    }

    public boolean isGpu() {
        return device.startsWith("gpu:");
    }

    /** The GPU index of "gpu:N" (0 for "auto"). */
    public int gpuIndex() {
        return isGpu() ? Integer.parseInt(device.substring(4)) : 0;
    }
}
