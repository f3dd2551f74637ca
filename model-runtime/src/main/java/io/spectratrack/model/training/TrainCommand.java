package io.spectratrack.model.training;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ModelCli train}: trains BCR-Net on HOT-format sequences. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train BCR-Net on HOT-format sequences (checkpoints, resume, SavedModel at the end)")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "HOT-format data set root (one folder per sequence)")
    Path data;
    @Option(names = "--variant", defaultValue = "lite", description = "lite or paper (default: ${DEFAULT-VALUE})")
    String variant;
    @Option(names = "--bands", defaultValue = "16", description = "bands; sequences with other band counts are skipped (default: ${DEFAULT-VALUE})")
    int bands;
    @Option(names = "--groups", description = "false-colour groups K (default floor(bands/3))")
    Integer groups;
    @Option(names = "--out", required = true, description = "run directory: checkpoints, weights.bin, saved_model/")
    Path out;
    @Option(names = "--steps", defaultValue = "3000", description = "training steps (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--seed", defaultValue = "1", description = "seed of initialisation and sampling (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--resume", description = "continue from the checkpoint in --out")
    boolean resume;
    @Option(names = "--batch", defaultValue = "8", description = "pairs per step (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--lr", defaultValue = "1e-3", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    float lr;
    @Option(names = "--lr-end", defaultValue = "1e-4", description = "final learning rate (default: ${DEFAULT-VALUE})")
    float lrEnd;
    @Option(names = "--warmup", defaultValue = "100", description = "warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup;
    @Option(names = "--checkpoint-every", defaultValue = "250", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
    int checkpointEvery;
    @Option(names = "--log-every", defaultValue = "20", description = "steps between progress lines (default: ${DEFAULT-VALUE})")
    int logEvery;
    @Option(names = "--cache-frames", defaultValue = "2000", description = "decoded frames kept in memory, 16-bit (default: ${DEFAULT-VALUE})")
    int cacheFrames;
    @Option(names = "--frame-stride", defaultValue = "3", description = "use every n-th frame so the working set fits the cache (default: ${DEFAULT-VALUE})")
    int frameStride;
    @Option(names = "--val-sequences", defaultValue = "3", description = "sequences held out for the validation IoU (default: ${DEFAULT-VALUE})")
    int valSequences;
    @Option(names = "--restart-schedule", description = "with --resume: run a fresh lr decay (no warm-up) from the resumed step to --steps")
    boolean restartSchedule;

    @Option(names = "--lr-drop-at", defaultValue = "0", description = "step schedule: keep --lr until this fraction of --steps, then --lr-end; 0 = log-linear decay (default: ${DEFAULT-VALUE})")
    double lrDropAt;
    @Option(names = "--augment", defaultValue = "1", description = "multiplier of the hard-pair and augmentation probabilities (negatives, distractors, paste, blur); 0 = plain pairs (default: ${DEFAULT-VALUE})")
    double augment;
    @Option(names = "--scale-jitter", defaultValue = "" + PairSampler.DEFAULT_SCALE_JITTER,
            description = "log-scale half-range of the template-to-search scale change, e.g. 0.4 = x0.67..x1.5 (default: ${DEFAULT-VALUE})")
    double scaleJitter;

    @Option(names = "--min-context", defaultValue = "0",
            description = "smallest template context side in frame pixels: small targets get wider crops (export with the same value; default: ${DEFAULT-VALUE} = plain SiamFC context)")
    double minContextSide;

    @Option(names = "--keep-weights", description = "also keep each checkpoint's weights as weights-<step>.bin (for `select`)")
    boolean keepWeights;

    @Option(names = "--fused-loss", defaultValue = "0", description = "weight of the classification + IoU loss on the branch-fused maps the tracker decodes (default: ${DEFAULT-VALUE})")
    float fusedLoss;
    @Option(names = "--branch-loss", defaultValue = "1", description = "weight of the same loss on every branch's own maps (default: ${DEFAULT-VALUE})")
    float branchLoss;

    @Option(names = "--log-l1", defaultValue = "0", description = "weight of mean |log(pred/target)| of the fused box distances (needs --fused-loss > 0; default: ${DEFAULT-VALUE})")
    float logL1;

    @Option(names = "--init-from", description = "start from another run's weights.bin or an exported model folder (e.g. "
            + "model-runtime/src/main/resources/models/bcrnet-lite-16), typically for another band count: "
            + "every weight whose name and size match is copied, the rest (the band module's band-sized weights) start fresh; "
            + "ignored with --resume")
    Path initFrom;

    @Override
    public Integer call() throws Exception {
        new Trainer(new Trainer.Options(data, variant, bands, groups, out, steps, seed, resume, batch, lr, lrEnd, warmup,
                checkpointEvery, logEvery, cacheFrames, frameStride, valSequences, restartSchedule, lrDropAt, augment, scaleJitter, fusedLoss, branchLoss, logL1,
                minContextSide, keepWeights, initFrom), System.out).run();
        return 0;
    }
}
