package io.spectratrack.local;

import io.spectratrack.geometry.Box;
import java.util.List;

/** OTB success (IoU thresholds 0, 0.05, ..., 1) and centre-error precision. */
final class Accuracy {
    private Accuracy() {}

    static double successAuc(List<Box> predicted, List<Box> truth) {
        if (truth.isEmpty()) return 0;
        double sum = 0;
        for (int k = 0; k <= 20; k++) {
            double t = k * 0.05;
            int ok = 0;
            for (int i = 0; i < truth.size(); i++) if (predicted.get(i).iou(truth.get(i)) > t) ok++;
            sum += (double) ok / truth.size();
        }
        return sum / 21;
    }

    static double precisionAt(List<Box> predicted, List<Box> truth, double px) {
        if (truth.isEmpty()) return 0;
        int ok = 0;
        for (int i = 0; i < truth.size(); i++) if (predicted.get(i).centreDistance(truth.get(i)) <= px) ok++;
        return (double) ok / truth.size();
    }
}
