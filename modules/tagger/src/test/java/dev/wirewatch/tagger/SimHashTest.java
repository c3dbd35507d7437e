package dev.wirewatch.tagger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SimHashTest {

    static final String WIRE = "SAN SALVADOR (AP) — El gobierno de El Salvador trasladó el jueves a 238 venezolanos "
            + "deportados por Estados Unidos al Centro de Confinamiento del Terrorismo, la megacárcel conocida como CECOT, "
            + "según informó el presidente en sus redes sociales. Las autoridades estadounidenses sostienen que los "
            + "deportados pertenecen a una banda criminal, algo que sus familias niegan. Organizaciones de derechos "
            + "humanos pidieron acceso a la prisión para verificar las condiciones de detención y conocer la situación "
            + "legal de cada uno de los detenidos, que no han sido acusados formalmente de ningún delito en el país. "
            + "El acuerdo entre ambos gobiernos prevé un pago por cada persona recluida durante un año, prorrogable.";

    @Test
    void sameTextGivesTheSameFingerprintWhateverTheCaseAndPunctuation() {
        long a = SimHash.fingerprint(WIRE).getAsLong();
        long b = SimHash.fingerprint(WIRE.toUpperCase(Locale.ROOT).replace(",", " ;")).getAsLong();
        assertThat(SimHash.distance(a, b)).isZero();
    }

    @Test
    void aSyndicatedCopyWithASmallEditStaysWithinThreeBits() {
        long original = SimHash.fingerprint(WIRE).getAsLong();
        long copy = SimHash.fingerprint(WIRE.replace("SAN SALVADOR (AP) — ", "")).getAsLong();
        assertThat(SimHash.distance(original, copy)).isLessThanOrEqualTo(3);
    }

    @Test
    void unrelatedTextsAreFarApart() {
        long a = SimHash.fingerprint(WIRE).getAsLong();
        long b = SimHash.fingerprint("Investigadores de Citizen Lab confirmaron que el programa espía Pegasus "
                + "de la empresa israelí NSO Group infectó los teléfonos de al menos treinta y cinco periodistas y "
                + "miembros de organizaciones civiles salvadoreñas entre julio de 2020 y noviembre de 2021, según "
                + "un informe publicado junto con Access Now y la organización Front Line Defenders.").getAsLong();
        assertThat(SimHash.distance(a, b)).isGreaterThan(12);
    }

    @Test
    void aLineOrTwoIsTooShortToCluster() {
        assertThat(SimHash.fingerprint("Bukele anuncia que buscará la reelección en 2024, pese a la Constitución."))
                .isEqualTo(OptionalLong.empty());
        assertThat(SimHash.fingerprint(null)).isEmpty();
    }
}
