package dev.wirewatch.article;

import dev.wirewatch.core.testing.ModuleRules;
import org.junit.jupiter.api.Test;

/** The article module keeps DESIGN.md's import rules and the checkable STYLE.md rules (see ModuleRules). */
class ModuleRulesTest {

    @Test
    void keepsTheModuleRules() {
        ModuleRules.check("article");
    }
}
