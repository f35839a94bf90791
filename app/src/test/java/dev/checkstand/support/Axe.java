package dev.checkstand.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.stream.Collectors;
import org.openqa.selenium.WebDriver;

/** axe-core's WCAG 2.1 A and AA rules, run on the page a browser test shows. */
public final class Axe {

    /** The rule tags checked: WCAG 2.0 and 2.1, levels A and AA. */
    public static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private Axe() {
    }

    /** Fails, listing them, when the page as it is now breaks any of the rules; {@code name} says which page. */
    public static void assertNoViolations(WebDriver page, String name) {
        Results results = new AxeBuilder().withTags(WCAG).analyze(page);
        String found = results.getViolations().stream()
                .map(Axe::describe)
                .collect(Collectors.joining("\n"));
        assertThat(results.getViolations()).as("axe violations on %s:\n%s", name, found).isEmpty();
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " — " + rule.getNodes().stream()
                .map(node -> String.valueOf(node.getTarget())).limit(3).collect(Collectors.joining(", "));
    }
}
