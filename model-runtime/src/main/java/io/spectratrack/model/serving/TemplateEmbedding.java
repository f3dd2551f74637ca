package io.spectratrack.model.serving;

/**
 * A target's template, computed once at init by {@link BcrNetModel#template} and passed back to
 * every {@link BcrNetModel#track} call. Plain arrays so it can live in Flink keyed state.
 *
 * @param features       template features, flattened row-major over {@code featureShape}
 * @param featureShape   {@code [K, levels, h, w, channels]}
 * @param bandImportance importance of each band in the template crop (BIMM), {@code [B]}, >= 0
 * @param bandOrder      bands sorted by decreasing importance, {@code [B]}; branch k uses bands
 *                       {@code bandOrder[3k], bandOrder[3k+1], bandOrder[3k+2]}
 */
public record TemplateEmbedding(float[] features, int[] featureShape, float[] bandImportance, int[] bandOrder) {

    /** The three bands of false-colour branch {@code k}. */
    public int[] groupBands(int k) {
        return new int[] {bandOrder[3 * k], bandOrder[3 * k + 1], bandOrder[3 * k + 2]};
    }
}
