package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyHashesTest {

    @Test
    void aKeyMatchesItsHashOnlyAndTwoHashesOfOneKeyDiffer() {
        String id = KeyHashes.newId();
        String key = KeyHashes.newKey(id);
        assertThat(key).startsWith("wwk_" + id + "_").hasSize(4 + 12 + 1 + 43);
        assertThat(KeyHashes.idOf(key)).isEqualTo(id);

        String stored = KeyHashes.hash(key);
        assertThat(stored).startsWith("sha256:").doesNotContain(key.substring(17));
        assertThat(KeyHashes.matches(key, stored)).isTrue();
        assertThat(KeyHashes.matches(key + "x", stored)).isFalse();
        assertThat(KeyHashes.matches(KeyHashes.newKey(id), stored)).isFalse();
        assertThat(KeyHashes.hash(key)).isNotEqualTo(stored);
    }

    @Test
    void storedFormsItCannotReadNeverMatch() {
        assertThat(KeyHashes.matches("k", "md5:abc:def")).isFalse();
        assertThat(KeyHashes.matches("k", "sha256:!!:zz")).isFalse();
        assertThat(KeyHashes.matches("k", "garbage")).isFalse();
        assertThat(KeyHashes.matches(null, KeyHashes.hash("k"))).isFalse();
    }

    @Test
    void keysOfOtherFormsHaveNoId() {
        assertThat(KeyHashes.idOf("ww_demo_0123")).isNull();
        assertThat(KeyHashes.idOf("wwk__abc")).isNull();
        assertThat(KeyHashes.idOf("wwk_XYZ_abc")).isNull();
    }
}
