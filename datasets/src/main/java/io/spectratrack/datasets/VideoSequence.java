package io.spectratrack.datasets;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.geometry.Box;

import java.util.List;
import java.util.Set;

/**
 * One annotated hyperspectral video, wherever it comes from (a HOT-format folder on disk or the
 * synthetic generator in memory). Frames are produced on demand so a long sequence never has to
 * fit in memory; {@code frame(i)} for the same {@code i} always returns the same data.
 */
public interface VideoSequence {

    String name();

    int frameCount();

    /** Frame {@code i} (0-based) as a calibrated cube scaled to [0, 1]. */
    SpectralCube frame(int i);

    /** One box per frame; a box that is not {@link Box#isValid() valid} marks an absent target. */
    List<Box> groundTruth();

    /**
     * Fraction of the target visible in each frame (1 fully visible, 0 fully occluded), or null
     * when the source does not say (real HOT data). Lets a trainer skip frames where the target is
     * hidden; evaluation still scores every annotated frame (OTB practice).
     */
    default double[] visibility() {
        return null;
    }

    /** Challenge attributes (see {@link Attributes}); empty when the source does not say. */
    Set<String> attributes();
}
