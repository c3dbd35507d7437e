package dev.wirewatch.tagger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FingerprintTablesTest {

    @Test
    void threeBitsGiveFourTablesLedBySixteenBitBlocks() {
        FingerprintTables tables = new FingerprintTables(3);
        assertThat(tables.tables()).isEqualTo(4);
        for (int t = 0; t < 4; t++) {
            assertThat(tables.prefixBits(t)).isEqualTo(16);
        }
        long fp = 0x1111_2222_3333_4444L;
        assertThat(tables.permute(0, fp)).isEqualTo(fp);
        assertThat(tables.permute(2, fp)).isEqualTo(0x3333_1111_2222_4444L);
        assertThat(tables.rangeStart(2, tables.permute(2, fp))).isEqualTo(0x3333_0000_0000_0000L);
        assertThat(tables.rangeEnd(2, tables.permute(2, fp))).isEqualTo(0x3333_ffff_ffff_ffffL);
    }

    @Test
    void everyFingerprintWithinTheDistanceSharesALeadingBlockInSomeTable() {
        SplittableRandom random = new SplittableRandom(42);
        for (int k = 0; k <= FingerprintTables.MAX_DISTANCE; k++) {
            FingerprintTables tables = new FingerprintTables(k);
            for (int i = 0; i < 5_000; i++) {
                long a = random.nextLong();
                long b = a;
                int flips = random.nextInt(k + 1);
                for (int f = 0; f < flips; f++) {
                    b ^= 1L << random.nextInt(64);
                }
                boolean found = false;
                for (int t = 0; t < tables.tables(); t++) {
                    long pa = tables.permute(t, a);
                    long pb = tables.permute(t, b);
                    assertThat(Long.bitCount(pa ^ pb)).isEqualTo(Long.bitCount(a ^ b));
                    if (Long.compareUnsigned(pb, tables.rangeStart(t, pa)) >= 0
                            && Long.compareUnsigned(pb, tables.rangeEnd(t, pa)) <= 0) {
                        found = true;
                    }
                }
                assertThat(found).as("k=%d a=%x b=%x", k, a, b).isTrue();
            }
        }
    }

    @Test
    void largerDistancesUseTwoLeadingBlocksToKeepTheScansShort() {
        FingerprintTables tables = new FingerprintTables(4);
        assertThat(tables.tables()).isEqualTo(15);
        for (int t = 0; t < tables.tables(); t++) {
            assertThat(tables.prefixBits(t)).isBetween(20, 22);
        }
        assertThat(new FingerprintTables(6).tables()).isEqualTo(28);
        assertThat(new FingerprintTables(0).tables()).isEqualTo(1);
    }

    @Test
    void keysSortInUnsignedOrderSoRangeScansFindTheBlock() {
        assertThat(StoryProcessor.key(1, 0x7fff_ffff_ffff_ffffL).compareTo(StoryProcessor.key(1, 0x8000_0000_0000_0000L)))
                .isNegative();
        assertThat(StoryProcessor.key(0, -1L).compareTo(StoryProcessor.key(1, 0L))).isNegative();
    }

    @Test
    void refusesDistancesItCannotIndex() {
        assertThatThrownBy(() -> new FingerprintTables(FingerprintTables.MAX_DISTANCE + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
