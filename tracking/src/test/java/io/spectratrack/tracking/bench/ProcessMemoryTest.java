package io.spectratrack.tracking.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessMemoryTest {
    /** Lines as a 6.x kernel writes them: tabs in status, spaces in smaps_rollup. */
    static final String STATUS = """
            Name:\tjava
            VmPeak:\t 9876543 kB
            VmSize:\t 9000000 kB
            VmHWM:\t 1500000 kB
            VmRSS:\t 1474560 kB
            RssAnon:\t 1200000 kB
            RssFile:\t  274560 kB
            Threads:\t42
            """;
    static final String ROLLUP = """
            55b1ccc39000-7ffd7f4cc000 ---p 00000000 00:00 0                          [rollup]
            Rss:             1474000 kB
            Pss_Anon:        1190000 kB
            Anonymous:       1198000 kB
            AnonHugePages:     20480 kB
            """;

    @Test
    void readsResidentPeakAndAnonymousMemory() {
        ProcessMemory m = ProcessMemory.parse(STATUS, ROLLUP);
        assertThat(m.rssKb()).isEqualTo(1474560);
        assertThat(m.peakRssKb()).isEqualTo(1500000);
        // Anonymous of smaps_rollup, not Pss_Anon or AnonHugePages, which share its prefix.
        assertThat(m.anonymousKb()).isEqualTo(1198000);
        assertThat(m.rssMb()).isEqualTo(1440.0);
    }

    @Test
    void withoutSmapsRollupTheStatusCounterOfAnonymousMemoryIsUsed() {
        assertThat(ProcessMemory.parse(STATUS, "").anonymousKb()).isEqualTo(1200000);
    }

    @Test
    void aKeyIsMatchedWhole() {
        assertThat(ProcessMemory.kb("VmRSSX:\t12 kB\nVmRSS:\t34 kB\n", "VmRSS")).isEqualTo(34);
        assertThat(ProcessMemory.kb("Threads:\t42\n", "Threads")).isEqualTo(42);
        assertThat(ProcessMemory.kb(STATUS, "VmSwap")).isEqualTo(-1);
    }

    @Test
    void statusTextWithoutVmRssIsRefused() {
        assertThatThrownBy(() -> ProcessMemory.parse("Name:\tjava\n", ROLLUP)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thisProcessHasAResidentSet() {
        ProcessMemory m = ProcessMemory.read();
        assertThat(m.rssKb()).isPositive();
        assertThat(m.peakRssKb()).isGreaterThanOrEqualTo(m.rssKb());
        assertThat(m.anonymousKb()).isPositive();
    }
}
