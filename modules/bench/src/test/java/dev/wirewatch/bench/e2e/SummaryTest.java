package dev.wirewatch.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void percentilesAreNearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i;
        }
        Summary s = Summary.of(values);
        assertThat(s).isEqualTo(new Summary(100, 50, 90, 99, 100));
    }

    @Test
    void aFewValues() {
        assertThat(Summary.of(new long[] {7})).isEqualTo(new Summary(1, 7, 7, 7, 7));
        assertThat(Summary.of(new long[] {30, 10, 20})).isEqualTo(new Summary(3, 20, 30, 30, 30));
    }

    @Test
    void noValuesGiveZeros() {
        assertThat(Summary.of(new long[0])).isEqualTo(Summary.EMPTY);
        assertThat(Summary.percentile(new long[0], 0.5)).isZero();
    }
}
