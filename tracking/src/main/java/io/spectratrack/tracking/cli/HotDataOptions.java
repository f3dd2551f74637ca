package io.spectratrack.tracking.cli;

import io.spectratrack.datasets.hot.HotDataset;
import picocli.CommandLine.Option;

/** How to read a HOT-format folder: the options {@code eval} and {@code select} share (a picocli mixin). */
public final class HotDataOptions {
    @Option(names = "--pattern", description = "Mosaic side for every sequence: 4 (16-band VIS) or 5 (25-band NIR). Default: sequence.properties, else 4.")
    Integer pattern;

    @Option(names = "--bit-depth", description = "Significant bits of 16-bit PNGs (e.g. 12). Default: metadata, PNG sBIT, else detected from the data.")
    Integer bitDepth;

    @Option(names = "--bands", description = "Keep only the first N mosaic bands (15 for HOT RedNIR). Default: sequence.properties, else pattern^2.")
    Integer keepBands;

    public HotDataset.Options options() {
        return new HotDataset.Options(pattern, bitDepth, keepBands);
    }
}
