package io.spectratrack.model.serving;

import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TFloat32;

/**
 * Turns a {@link DeviceConfig} into a TensorFlow {@link ConfigProto}, and answers "is GPU N usable
 * here" by placing one op on it with soft placement off (the CPU native build, or a host without
 * the driver/CUDA, fails that placement with an exception, not a crash).
 */
final class DeviceProbe {

    /** The device actually chosen and the session config for it. */
    record Resolved(String device, ConfigProto config, String note) {
    }

    private DeviceProbe() {
    }

    static Resolved resolve(DeviceConfig d) {
        if (d.device().equals("cpu")) {
            return new Resolved("cpu", cpuConfig(), "CPU requested");
        }
        int gpu = d.gpuIndex();
        String why = gpuProblem(gpu, d);
        if (why == null) {
            return new Resolved("gpu:" + gpu, gpuConfig(d), "GPU " + gpu + " usable");
        }
        if (d.isGpu()) {
            throw new ModelLoadException("device " + d.device() + " requested but no usable GPU " + gpu + ": " + why
                    + " (GPU builds need -Pgpu, the NVIDIA driver, CUDA 12 and cuDNN 9; use --device cpu or auto)");
        }
        return new Resolved("cpu", cpuConfig(), "auto: no usable GPU (" + why + "), falling back to CPU");
    }

    private static ConfigProto cpuConfig() {
        return ConfigProto.newBuilder().putDeviceCount("GPU", 0).build();
    }

    private static ConfigProto gpuConfig(DeviceConfig d) {
        GPUOptions.Builder g = GPUOptions.newBuilder().setAllowGrowth(d.allowGrowth()).setVisibleDeviceList(Integer.toString(d.gpuIndex()));
        if (d.memoryFraction() > 0) {
            g.setPerProcessGpuMemoryFraction(d.memoryFraction());
        }
        return ConfigProto.newBuilder().setGpuOptions(g).setAllowSoftPlacement(true).build();
    }

    /** Null when GPU {@code index} takes an op; otherwise the reason it does not. */
    static String gpuProblem(int index, DeviceConfig d) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g).withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU).deviceIndex(0).build());
            var y = tf.withName("gpu_probe").math.add(tf.constant(1f), tf.constant(1f));
            GPUOptions.Builder go = GPUOptions.newBuilder().setAllowGrowth(true).setVisibleDeviceList(Integer.toString(index));
            ConfigProto cfg = ConfigProto.newBuilder().setAllowSoftPlacement(false).setGpuOptions(go).build();
            try (Session s = new Session(g, cfg); var r = s.runner().fetch(y).run()) {
                return r.size() == 1 ? null : "probe returned nothing";
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            String m = String.valueOf(e.getMessage());
            return m.length() > 200 ? m.substring(0, 200) + "..." : m;
        }
    }
}
