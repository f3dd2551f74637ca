package io.spectratrack.flink.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spectratrack.flink.TestModels;
import io.spectratrack.model.serving.CropNormalizer;
import io.spectratrack.model.serving.ModelMetadata;
import io.spectratrack.model.serving.TemplateEmbedding;
import io.spectratrack.model.serving.TrackOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The shared host on a real SavedModel: one model per JVM, reference counting, batching across callers. */
class ModelHostTest {

    private static ModelHost.Spec spec(int maxBatch, long waitMicros) {
        return new ModelHost.Spec(TestModels.lite().toString(), "cpu", maxBatch, waitMicros);
    }

    private static float[] crop(int side, int bands, long seed) {
        Random r = new Random(seed);
        float[] c = new float[side * side * bands];
        for (int i = 0; i < c.length; i++) c[i] = r.nextFloat();
        return CropNormalizer.normalize(c, bands);
    }

    @Test
    void slotsShareOneModelThatClosesWithTheLastUser() {
        try (ModelHost a = ModelHost.acquire(spec(4, 1000))) {
            try (ModelHost b = ModelHost.acquire(spec(4, 1000))) {
                assertThat(ModelHost.liveHosts()).isEqualTo(1);
                assertThat(a.users()).isEqualTo(2);
                assertThat(b.metadata()).isEqualTo(a.metadata());
            }
            assertThat(a.users()).isEqualTo(1);
            a.close();
            a.close(); // idempotent
            assertThat(ModelHost.liveHosts()).isZero();
            assertThatThrownBy(() -> a.template(List.of())).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void concurrentRequestsAreBatchedAndGetTheSameAnswersAsAlone() throws Exception {
        int callers = 3;
        List<ModelHost> hosts = new ArrayList<>();
        for (int i = 0; i < callers; i++) hosts.add(ModelHost.acquire(spec(8, 200_000)));
        try {
            ModelMetadata m = hosts.get(0).metadata();
            TemplateEmbedding t = hosts.get(0).template(List.of(crop(m.templateSize(), m.bands(), 1))).get(0);
            List<float[]> searches = new ArrayList<>();
            for (int i = 0; i < callers; i++) searches.add(crop(m.searchSize(), m.bands(), 10 + i));
            long before = hosts.get(0).batchSizes().getCount();

            ExecutorService pool = Executors.newFixedThreadPool(callers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<TrackOutput>> outs = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int k = i;
                outs.add(pool.submit(() -> {
                    go.await();
                    return hosts.get(k).track(List.of(t), List.of(searches.get(k))).get(0);
                }));
            }
            go.countDown();
            List<TrackOutput> batched = new ArrayList<>();
            for (Future<TrackOutput> f : outs) batched.add(f.get());
            pool.shutdown();

            var sizes = hosts.get(0).batchSizes().getStatistics();
            long calls = hosts.get(0).batchSizes().getCount() - before;
            assertThat(calls).as("model calls for %d concurrent requests", callers).isLessThan(callers);
            assertThat(sizes.getMax()).isGreaterThan(1);

            for (int i = 0; i < callers; i++) {
                TrackOutput alone = hosts.get(0).track(List.of(t), List.of(searches.get(i))).get(0);
                assertThat(batched.get(i).cls()[0]).containsExactly(alone.cls()[0], org.assertj.core.data.Offset.offset(1e-4f));
                assertThat(batched.get(i).reg()[0]).containsExactly(alone.reg()[0], org.assertj.core.data.Offset.offset(1e-3f));
            }
        } finally {
            hosts.forEach(ModelHost::close);
        }
        assertThat(ModelHost.liveHosts()).isZero();
    }
}
