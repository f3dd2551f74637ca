package io.spectratrack.model.cli;

import io.spectratrack.model.export.BcrNetExporter;
import io.spectratrack.model.export.WeightsFile;
import io.spectratrack.model.graph.BcrNetConfig;
import io.spectratrack.model.serving.BcrNetModel;
import io.spectratrack.model.serving.DeviceConfig;
import io.spectratrack.model.serving.ModelMetadata;
import io.spectratrack.model.training.TrainCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tensorflow.SavedModelBundle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** BCR-Net model commands: export a SavedModel, inspect one, train. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "BCR-Net model tools (export, inspect, train)",
        subcommands = {ModelCli.Export.class, ModelCli.Inspect.class, TrainCommand.class})
public final class ModelCli implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns its exit code (for the launcher and tests). */
    public static int run(String... args) {
        return new CommandLine(new ModelCli()).setExecutionExceptionHandler((ex, cmd, parse) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return 2;
        }).execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write a BCR-Net SavedModel (signatures template and track)")
    static final class Export implements Callable<Integer> {
        @Option(names = "--variant", defaultValue = "lite", description = "lite or paper (default: ${DEFAULT-VALUE})")
        String variant;
        @Option(names = "--bands", defaultValue = "16", description = "spectral bands, e.g. 15, 16, 25 (default: ${DEFAULT-VALUE})")
        int bands;
        @Option(names = "--groups", description = "false-colour groups K (default floor(bands/3))")
        Integer groups;
        @Option(names = "--out", required = true, description = "output SavedModel directory")
        Path out;
        @Option(names = "--weights", description = "trained weights file (from train); random initialisation when absent")
        Path weights;
        @Option(names = "--seed", defaultValue = "1", description = "seed of the random initialisation (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--model-id", description = "model id recorded in the metadata")
        String modelId;
        @Option(names = "--min-context", defaultValue = "0",
                description = "context floor in frame pixels the weights were trained with (train --min-context; default: ${DEFAULT-VALUE})")
        double minContextSide;

        @Override
        public Integer call() throws Exception {
            BcrNetConfig cfg = BcrNetConfig.of(variant, bands, groups);
            var values = (java.util.Map<String, float[]>) null;
            if (weights != null) {
                WeightsFile.Weights w = WeightsFile.read(weights);
                if (!w.variant().equals(variant) || w.bands() != bands || w.groups() != cfg.groups()) {
                    throw new IllegalArgumentException("weights " + weights + " are for " + w.variant() + "/" + w.bands()
                            + " bands/K=" + w.groups() + ", not " + variant + "/" + bands + "/K=" + cfg.groups());
                }
                values = w.values();
            }
            String id = modelId != null ? modelId : "bcrnet-" + variant + "-" + bands + (weights == null ? "-random" + seed : "");
            ModelMetadata m = BcrNetExporter.export(cfg, values, seed, id, minContextSide, out);
            System.out.println("exported " + m + " to " + out);
            return 0;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "Print a SavedModel's signatures and BCR-Net metadata")
    static final class Inspect implements Callable<Integer> {
        @Parameters(index = "0", description = "SavedModel directory")
        Path dir;

        @Override
        public Integer call() throws Exception {
            try (BcrNetModel m = BcrNetModel.load(dir, DeviceConfig.cpu())) {
                System.out.println("metadata: " + m.metadata());
                System.out.println("device:   " + m.device());
            }
            try (SavedModelBundle b = SavedModelBundle.loader(dir.toString()).withTags("serve").load()) {
                b.signatures().forEach(s -> System.out.println(s));
            }
            Path json = dir.resolve(BcrNetExporter.METADATA_FILE);
            if (Files.exists(json)) {
                System.out.println(json.getFileName() + ":");
                System.out.println(Files.readString(json));
            }
            return 0;
        }
    }
}
