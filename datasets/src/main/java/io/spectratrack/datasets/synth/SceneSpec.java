package io.spectratrack.datasets.synth;

import io.spectratrack.datasets.Attributes;

import java.util.Set;

/**
 * What to generate: frame size (pixels per band), band count, length, and how hard.
 *
 * @param width      band-image width in pixels (the mosaic is {@code pattern} times wider)
 * @param height     band-image height in pixels
 * @param bands      spectral bands; 16 (4x4 VIS) and 25 (5x5 NIR) match the HOT cameras
 * @param frames     sequence length
 * @param difficulty 0..1: how likely each challenge is when {@code challenges} is null, and how
 *                   strong (speeds, occluder sizes, shadow depth, noise)
 * @param challenges the attributes to stage (names from {@link Attributes}); null draws them from the seed
 */
public record SceneSpec(int width, int height, int bands, int frames, double difficulty, Set<String> challenges) {
    public static final int DEFAULT_WIDTH = 256;
    public static final int DEFAULT_HEIGHT = 192;

    public SceneSpec {
        if (width < 32 || height < 32) throw new IllegalArgumentException("frames must be at least 32x32 px, got " + width + "x" + height);
        if (bands < 4) throw new IllegalArgumentException("need at least 4 bands, got " + bands);
        if (frames < 1) throw new IllegalArgumentException("need at least one frame, got " + frames);
        if (!(difficulty >= 0 && difficulty <= 1)) throw new IllegalArgumentException("difficulty must be in [0, 1], got " + difficulty);
        if (challenges != null) {
            for (String c : challenges) {
                if (!Attributes.ALL.contains(c)) throw new IllegalArgumentException("unknown challenge '" + c + "', known: " + Attributes.ALL);
            }
            challenges = Set.copyOf(challenges);
        }
    }

    /** Default size, random challenges at difficulty 0.7. */
    public static SceneSpec of(int bands, int frames) {
        return new SceneSpec(DEFAULT_WIDTH, DEFAULT_HEIGHT, bands, frames, 0.7, null);
    }

    public SceneSpec withSize(int w, int h) {
        return new SceneSpec(w, h, bands, frames, difficulty, challenges);
    }

    public SceneSpec withChallenges(Set<String> c) {
        return new SceneSpec(width, height, bands, frames, difficulty, c);
    }

    public SceneSpec withDifficulty(double d) {
        return new SceneSpec(width, height, bands, frames, d, challenges);
    }
}
