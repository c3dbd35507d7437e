package dev.wirewatch.launcher.demo;

import java.util.Properties;
import java.util.Set;

/** Lets tests in other packages read a compacted topic's keys the way the demo seed does. */
public final class DemoSeedAccess {

    private DemoSeedAccess() {
    }

    public static Set<String> keys(Properties clientProps, String topic) {
        return DemoSeed.existingKeys(clientProps, topic);
    }
}
