package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequestsTest {

    @Test
    void slugsAreLowerCaseWithoutAccents() {
        assertThat(Requests.slug("Reelección indefinida (El Salvador)")).isEqualTo("reeleccion-indefinida-el-salvador");
        assertThat(Requests.slug("MS-13")).isEqualTo("ms-13");
        assertThat(Requests.slug("¡¿!")).isEqualTo("item");
        assertThat(Requests.slug("x".repeat(80))).hasSize(48);
    }

    @Test
    void idsAreChecked() {
        assertThat(Requests.id("id", "term-limits")).isEqualTo("term-limits");
        assertThatThrownBy(() -> Requests.id("id", "Term Limits")).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.field()).isEqualTo("id"));
        assertThatThrownBy(() -> Requests.id("id", "-x")).isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> Requests.id("id", "x".repeat(65))).isInstanceOf(ApiError.class);
    }

    @Test
    void rolesOrderReadWriteAdmin() {
        assertThat(Role.ADMIN.allows(Role.WRITE)).isTrue();
        assertThat(Role.WRITE.allows(Role.READ)).isTrue();
        assertThat(Role.READ.allows(Role.WRITE)).isFalse();
        assertThat(Role.parse(" Admin ")).isEqualTo(Role.ADMIN);
        assertThat(Role.parse("root")).isNull();
    }
}
