package io.spectratrack.model.training;

import io.spectratrack.model.export.WeightsFile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a training run from another run's weights ({@code train --init-from}), typically a model
 * for another band count. BCR-Net's backbone, CFRM and heads see 3-band false-colour images and
 * are shared by every branch (design/bcrnet.md, "Backbone and CFRM"), so they do not depend on how
 * many bands the camera has; only weights whose size follows the band count (in the BIMM) differ.
 * Every weight whose name and size match is copied; the rest keep their fresh initialisation.
 *
 * @param values the starting values for every weight of the new graph
 * @param copied names taken from the source
 * @param fresh  names left at their initial values (absent from the source, or another size)
 */
public record WarmStart(Map<String, float[]> values, List<String> copied, List<String> fresh) {

    /**
     * @param initial the new graph's initial values (every weight it has)
     * @param source  the other run's weights
     * @param variant the new run's variant; weights of another variant are refused
     */
    public static WarmStart of(Map<String, float[]> initial, WeightsFile.Weights source, String variant) {
        if (!source.variant().equals(variant)) {
            throw new IllegalArgumentException("weights of the '" + source.variant() + "' variant cannot start a '" + variant + "' run");
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        List<String> copied = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (Map.Entry<String, float[]> e : initial.entrySet()) {
            float[] s = source.values().get(e.getKey());
            if (s != null && s.length == e.getValue().length) {
                values.put(e.getKey(), s.clone());
                copied.add(e.getKey());
            } else {
                values.put(e.getKey(), e.getValue());
                fresh.add(e.getKey());
            }
        }
        if (copied.isEmpty()) {
            throw new IllegalArgumentException("none of the " + source.values().size() + " weights matches a weight of this graph by name and size");
        }
        return new WarmStart(values, copied, fresh);
    }

    /** Number of values copied from the source. */
    public long copiedValues() {
        return copied.stream().mapToLong(n -> values.get(n).length).sum();
    }
}
