package io.spectratrack.datasets.eval;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Success and precision plots comparing trackers on one chart, OTB style: the legend carries each
 * tracker's AUC (success) or precision at 20 px, sorted best first. Writes {@code success_otb.png},
 * {@code success_hot.png}, {@code precision.png}, and {@code attributes/success_<attr>.png}.
 */
public final class Plots {
    private static final Color[] COLOURS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C),
            new Color(0xFF7F0E), new Color(0x9467BD), new Color(0x8C564B), new Color(0x17BECF)};

    private Plots() {}

    public static void writeAll(Path dir, List<TrackerSummary> summaries) throws IOException {
        Files.createDirectories(dir);
        writeSuccess(dir.resolve("success_otb.png"), "Success plot (OTB thresholds)", summaries, TrackerSummary::overall, true);
        writeSuccess(dir.resolve("success_hot.png"), "Success plot (HOT thresholds)", summaries, TrackerSummary::overall, false);
        writePrecision(dir.resolve("precision.png"), "Precision plot", summaries, TrackerSummary::overall);
        if (summaries.isEmpty()) return;
        Path ad = Files.createDirectories(dir.resolve("attributes"));
        for (String a : summaries.get(0).perAttribute().keySet()) {
            int n = summaries.get(0).perAttribute().get(a).sequences();
            writeSuccess(ad.resolve("success_" + a + ".png"), "Success plot: " + a + " (" + n + " sequences)", summaries,
                    s -> s.perAttribute().get(a), true);
        }
    }

    static void writeSuccess(Path file, String title, List<TrackerSummary> summaries,
                             Function<TrackerSummary, TrackerSummary.Scores> pick, boolean otb) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        summaries.stream().filter(s -> pick.apply(s) != null)
                .sorted((a, b) -> Double.compare(auc(pick.apply(b), otb), auc(pick.apply(a), otb)))
                .forEach(s -> {
                    TrackerSummary.Scores sc = pick.apply(s);
                    XYSeries xy = new XYSeries(String.format(Locale.ROOT, "%s [%.3f]", s.tracker(), auc(sc, otb)));
                    double[] thr = otb ? Metrics.OTB_THRESHOLDS : Metrics.HOT_THRESHOLDS;
                    double[] c = otb ? sc.successOtb() : sc.successHot();
                    for (int i = 0; i < thr.length; i++) xy.add(thr[i], c[i]);
                    data.addSeries(xy);
                });
        save(file, ChartFactory.createXYLineChart(title, "Overlap threshold", "Success rate", data, PlotOrientation.VERTICAL, true, false, false), 1.0);
    }

    static void writePrecision(Path file, String title, List<TrackerSummary> summaries,
                               Function<TrackerSummary, TrackerSummary.Scores> pick) throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        summaries.stream().sorted((a, b) -> Double.compare(pick.apply(b).precision20(), pick.apply(a).precision20()))
                .forEach(s -> {
                    TrackerSummary.Scores sc = pick.apply(s);
                    XYSeries xy = new XYSeries(String.format(Locale.ROOT, "%s [%.3f]", s.tracker(), sc.precision20()));
                    for (int i = 0; i < Metrics.PRECISION_THRESHOLDS.length; i++) xy.add(Metrics.PRECISION_THRESHOLDS[i], sc.precision()[i]);
                    data.addSeries(xy);
                });
        save(file, ChartFactory.createXYLineChart(title, "Location error threshold (px)", "Precision", data, PlotOrientation.VERTICAL, true, false, false), 50);
    }

    private static double auc(TrackerSummary.Scores s, boolean otb) {
        return otb ? s.aucOtb() : s.aucHot();
    }

    private static void save(Path file, JFreeChart chart, double xMax) throws IOException {
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRangeAxis().setRange(0, 1.0);
        plot.getDomainAxis().setRange(0, xMax);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
            r.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(r);
        Files.createDirectories(file.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 640, 480);
    }
}
