package io.spectratrack.flink.tracking;

import io.spectratrack.geometry.Box;

/** A target to initialise: its id and the operator's box on the start frame. */
public record TargetSeed(String targetId, Box box) {}
