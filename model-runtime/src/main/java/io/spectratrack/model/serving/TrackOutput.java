package io.spectratrack.model.serving;

/**
 * One target's result for one search crop. Geometry of the maps: see {@link ModelMetadata}.
 *
 * @param cls            {@code [K][S*S]} classification logits per branch, row-major {@code y*S+x}
 * @param reg            {@code [K][4*S*S]} distances l, t, r, b in search-crop pixels, layout {@code [c][y][x]}
 * @param bandImportance {@code [B]} band importance of the search crop (BIMM), >= 0
 * @param branchWeights  {@code [K]} importance-derived branch weights, >= 0, summing to 1
 */
public record TrackOutput(float[][] cls, float[][] reg, float[] bandImportance, float[] branchWeights) {
}
