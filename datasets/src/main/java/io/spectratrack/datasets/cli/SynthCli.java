package io.spectratrack.datasets.cli;

import io.spectratrack.datasets.Attributes;
import io.spectratrack.datasets.synth.SceneSpec;
import io.spectratrack.datasets.synth.SyntheticVideo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code synth}: writes a HOT-format synthetic hyperspectral tracking data set. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a synthetic hyperspectral tracking data set in the HOT2020 layout:",
                "<out>/synth_0001/HSI/0001.png ... (16-bit mosaic PNGs), groundtruth_rect.txt, attributes.txt.",
                "Everything follows from --seed: the same arguments give byte-identical data."})
public final class SynthCli implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Output folder (created).")
    Path out;

    @Option(names = "--sequences", defaultValue = "20", description = "Number of sequences (default ${DEFAULT-VALUE}).")
    int sequences;

    @Option(names = "--frames", defaultValue = "150", description = "Frames per sequence (default ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--bands", defaultValue = "16", description = "Bands: 16 (4x4 VIS mosaic) or 25 (5x5 NIR) (default ${DEFAULT-VALUE}).")
    int bands;

    @Option(names = "--seed", defaultValue = "1", description = "Base seed (default ${DEFAULT-VALUE}). Keep training and test seeds apart.")
    long seed;

    @Option(names = "--size", defaultValue = "256x192", description = "Band image size WxH in pixels (default ${DEFAULT-VALUE}; the mosaic is 4 or 5 times larger).")
    String size;

    @Option(names = "--difficulty", defaultValue = "0.7", description = "0..1: challenge probability and strength (default ${DEFAULT-VALUE}).")
    double difficulty;

    @Option(names = "--challenges", split = ",", description = "Stage exactly these challenges in every sequence instead of drawing them: "
            + "occlusion,camouflage,fast_motion,scale_change,illumination,blur,distractor,rotation,small_target,camera_jitter.")
    String[] challenges;

    @Option(names = "--bit-depth", defaultValue = "12", description = "Significant bits in the 16-bit PNG words (8 writes 8-bit PNGs) (default ${DEFAULT-VALUE}).")
    int bitDepth;

    @Option(names = "--threads", defaultValue = "1", description = "Sequences written in parallel (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (bands != 16 && bands != 25 && bands != 9 && bands != 36) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--bands must be a square mosaic: 16 or 25 (9, 36 also work), got " + bands);
        }
        String[] wh = size.toLowerCase().split("x");
        if (wh.length != 2) throw new CommandLine.ParameterException(new CommandLine(this), "--size must look like 256x192, got " + size);
        Set<String> ch = null;
        if (challenges != null) {
            ch = new LinkedHashSet<>(Arrays.asList(challenges));
            for (String c : ch) {
                if (!Attributes.ALL.contains(c)) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "unknown challenge '" + c + "'; known: " + Attributes.ALL);
                }
            }
        }
        SceneSpec spec = new SceneSpec(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim()), bands, frames, difficulty, ch);
        System.err.printf("writing %d sequences x %d frames, %d bands, %dx%d px per band, seed %d -> %s%n",
                sequences, frames, bands, spec.width(), spec.height(), seed, out);
        SyntheticVideo.write(out, spec, sequences, seed, bitDepth, threads, System.err::println);
        System.err.println("done: " + out);
        return 0;
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new SynthCli());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("synth: " + e.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }
}
