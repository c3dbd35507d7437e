package dev.wirewatch.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.Test;

/**
 * The console's HTTP server is a maintained line: Javalin 7 on Jetty 12 (Jetty 11 and Javalin 6, which ran on it, are
 * at end of life), and no Jetty 11 class is left on the class path beside it.
 */
class ServerLibrariesTest {

    @Test
    void theConsoleRunsOnJavalin7AndJetty12AndNoJetty11IsOnTheClassPath() {
        assertThat(Javalin.class.getPackage().getImplementationVersion()).startsWith("7.");
        assertThat(Jetty.VERSION).startsWith("12.");
        // Jetty 11's servlet package; Jetty 12 has it per EE version (org.eclipse.jetty.ee10.servlet)
        assertThat(getClass().getClassLoader().getResource("org/eclipse/jetty/servlet/ServletContextHandler.class")).isNull();
        assertThat(getClass().getClassLoader().getResource("org/eclipse/jetty/ee10/servlet/ServletContextHandler.class")).isNotNull();
    }
}
