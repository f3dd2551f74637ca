package io.spectratrack.streams.alerts;

import io.spectratrack.avro.Point;
import java.util.List;

/** Point-in-polygon by ray casting (even-odd rule) over a zone's vertices in frame pixels. */
final class Polygon {
    private Polygon() {}

    /** True when {@code (x, y)} is strictly inside; polygons with fewer than 3 vertices contain nothing. */
    static boolean contains(List<Point> vertices, double x, double y) {
        int n = vertices.size();
        if (n < 3) return false;
        boolean inside = false;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double xi = vertices.get(i).getX(), yi = vertices.get(i).getY();
            double xj = vertices.get(j).getX(), yj = vertices.get(j).getY();
            // Edge (j, i) straddles the horizontal line through y, and crosses it right of x.
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }
}
