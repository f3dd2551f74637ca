package io.spectratrack.geometry;

/**
 * An axis-aligned box in frame pixels: top-left corner {@code (x, y)}, width and height, the
 * convention of HOT/OTB ground-truth files ({@code x y w h} per line). Pixel {@code (0, 0)} is the
 * top-left pixel; the box covers {@code [x, x + w) x [y, y + h)}.
 */
public record Box(double x, double y, double width, double height) {

    public static Box ofCentre(double cx, double cy, double width, double height) {
        return new Box(cx - width / 2, cy - height / 2, width, height);
    }

    public double centreX() { return x + width / 2; }
    public double centreY() { return y + height / 2; }
    public double area() { return Math.max(0, width) * Math.max(0, height); }
    public double right() { return x + width; }
    public double bottom() { return y + height; }

    /** A box with positive area and finite coordinates; ground truth of an absent target is not. */
    public boolean isValid() {
        return Double.isFinite(x) && Double.isFinite(y) && width > 0 && height > 0
                && Double.isFinite(width) && Double.isFinite(height);
    }

    /** Intersection over union; 0 when either box is empty. */
    public double iou(Box o) {
        double iw = Math.min(right(), o.right()) - Math.max(x, o.x);
        double ih = Math.min(bottom(), o.bottom()) - Math.max(y, o.y);
        if (iw <= 0 || ih <= 0) return 0;
        double inter = iw * ih;
        double union = area() + o.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** Euclidean distance between centres, the quantity precision@20px thresholds. */
    public double centreDistance(Box o) {
        return Math.hypot(centreX() - o.centreX(), centreY() - o.centreY());
    }

    /** This box clipped to a {@code width x height} frame, keeping at least {@code minSize} px. */
    public Box clipTo(int frameWidth, int frameHeight, double minSize) {
        double cx = Math.max(0, Math.min(frameWidth, centreX()));
        double cy = Math.max(0, Math.min(frameHeight, centreY()));
        double w = Math.max(minSize, Math.min(frameWidth, width));
        double h = Math.max(minSize, Math.min(frameHeight, height));
        return ofCentre(cx, cy, w, h);
    }
}
