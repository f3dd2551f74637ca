package io.spectratrack.local.camera;

import io.spectratrack.cube.SpectralCube;
import io.spectratrack.datasets.VideoSequence;
import io.spectratrack.datasets.hot.HotSequence;
import io.spectratrack.datasets.synth.BandLayout;
import io.spectratrack.datasets.synth.SyntheticSequence;
import io.spectratrack.geometry.Box;
import java.util.ArrayList;
import java.util.List;

/**
 * What one simulated camera films: an annotated hyperspectral video (a synthetic sequence from
 * datasets' generator or a HOT-format sequence from disk) with the band layout the camera's
 * calibration announces.
 */
public record CameraFeed(VideoSequence video, int bands, List<Float> wavelengthsNm) {

    public static CameraFeed of(SyntheticSequence s) {
        return new CameraFeed(s, s.bands(), floats(s.wavelengthsNm()));
    }

    public static CameraFeed of(HotSequence s) {
        int bands = s.bands();
        return new CameraFeed(s, bands, floats(BandLayout.wavelengthsNm(bands)));
    }

    public String name() { return video.name(); }
    public int frameCount() { return video.frameCount(); }
    public SpectralCube frame(int i) { return video.frame(i); }
    public List<Box> groundTruth() { return video.groundTruth(); }

    private static List<Float> floats(double[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (double d : v) out.add((float) d);
        return out;
    }
}
