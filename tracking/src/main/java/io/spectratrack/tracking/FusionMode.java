package io.spectratrack.tracking;

/**
 * How the K false-colour branches' responses are combined. The paper weights each branch by its
 * band-importance score (the model's {@code branchWeights}); UNIFORM averages them, the ablation
 * that tests whether the importance weighting helps.
 */
public enum FusionMode {
    IMPORTANCE_WEIGHTED,
    UNIFORM
}
