package io.spectratrack.tracking;

import io.spectratrack.avro.TrackStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LastSightingTest {
    @Test
    void theFirstTrackingFrameSetsTheReferenceAndLaterConvincingFramesAverageIntoIt() {
        LastSighting s = LastSighting.at(10, 20);
        assertThat(s.hasReference()).isFalse();
        LastSighting a = s.after(TrackStatus.TRACKING, 0.9f, 11, 21);
        assertThat(a.referenceScore()).isEqualTo(0.9f);
        LastSighting b = a.after(TrackStatus.TRACKING, 0.8f, 12, 22);
        // 0.8 is more than the margin below 0.9: not convincing, the reference and place stay.
        assertThat(b.referenceScore()).isEqualTo(0.9f);
        assertThat(b.centreX()).isEqualTo(11);
        assertThat(b.doubtfulFrames()).isEqualTo(1);
        LastSighting c = b.after(TrackStatus.TRACKING, 0.88f, 13, 23);
        assertThat(c.referenceScore()).isCloseTo((float) ((1 - TrackerConfig.REFERENCE_RATE) * 0.9 + TrackerConfig.REFERENCE_RATE * 0.88), within(1e-6f));
        assertThat(c.centreX()).isEqualTo(13);
        assertThat(c.centreY()).isEqualTo(23);
        assertThat(c.doubtfulFrames()).isZero();
    }

    @Test
    void uncertainAndLostFramesNeverConvinceWhateverTheirScore() {
        LastSighting s = LastSighting.at(0, 0).after(TrackStatus.TRACKING, 0.6f, 5, 5);
        LastSighting u = s.after(TrackStatus.UNCERTAIN, 0.6f, 50, 50).after(TrackStatus.LOST, 0.6f, 60, 60);
        assertThat(u.doubtfulFrames()).isEqualTo(2);
        assertThat(u.centreX()).isEqualTo(5);
        assertThat(u.referenceScore()).isEqualTo(0.6f);
    }

    @Test
    void beforeAnyTrackingFrameThereIsNoReferenceToBeDoubtfulAgainst() {
        LastSighting s = LastSighting.at(3, 4).after(TrackStatus.UNCERTAIN, 0.4f, 9, 9);
        assertThat(s.hasReference()).isFalse();
        assertThat(s.doubtfulFrames()).isEqualTo(1);
        assertThat(s.centreX()).isEqualTo(3);
    }
}
