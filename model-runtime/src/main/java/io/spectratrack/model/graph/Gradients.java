package io.spectratrack.model.graph;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.nn.Conv3d;
import org.tensorflow.op.nn.Conv3dBackpropFilter;
import org.tensorflow.op.nn.Conv3dBackpropInput;
import org.tensorflow.types.TFloat32;

/**
 * Gradients TF Java lacks (tfjava.md): Conv3D has none in the C++ registry, so BIMM's encoder would
 * not train. Registered once per JVM, before any graph asks for gradients.
 */
public final class Gradients {

    private static boolean registered;

    private Gradients() {
    }

    @SuppressWarnings("unchecked")
    public static synchronized void register() {
        if (registered) {
            return;
        }
        TensorFlow.registerCustomGradient(Conv3d.Inputs.class, (tf, op, gradInputs) -> {
            Operand<TFloat32> dy = (Operand<TFloat32>) gradInputs.get(0);
            Operand<TFloat32> input = (Operand<TFloat32>) op.input;
            Operand<TFloat32> filter = (Operand<TFloat32>) op.filter;
            List<Long> strides = Arrays.stream(op.strides).boxed().toList();
            List<Long> dilations = Arrays.stream(op.dilations).boxed().toList();
            Operand<TFloat32> dx = tf.nn.conv3dBackpropInput(tf.shape(input), filter, dy, strides, op.padding,
                    Conv3dBackpropInput.dataFormat(op.dataFormat), Conv3dBackpropInput.dilations(dilations));
            Operand<TFloat32> dw = tf.nn.conv3dBackpropFilter(input, tf.shape(filter), dy, strides, op.padding,
                    Conv3dBackpropFilter.dataFormat(op.dataFormat), Conv3dBackpropFilter.dilations(dilations));
            return List.of(dx, dw);
        });
        registered = true;
    }
}
