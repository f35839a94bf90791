package dev.checkstand.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.expression.spel.standard.SpelExpression;
import org.thymeleaf.cache.ExpressionCacheKey;
import org.thymeleaf.cache.ICache;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.expression.SpringStandardExpressions;

/**
 * The mail templates as the engine runs them, on views made here: what they say, and that every expression in them
 * runs compiled. An engine whose compiler flag another engine has turned off, or a view the SpEL compiler cannot
 * reach (a record that is not public), leaves the expressions interpreted for good, and rendering a confirmation email
 * about a quarter slower (issue 18), with nothing else to show it.
 */
class EmailTemplatesTests {

    private final EmailTemplates templates = new EmailTemplates();

    private final EmailTemplates.OrderView order = new EmailTemplates.OrderView("CS-1042", "Ann <b>Lee</b>",
            List.of(new EmailTemplates.Line("Mug", 2, "£20.00"), new EmailTemplates.Line("Tea towel", 1, "£6.50")),
            "£26.50", "£4.99", "£31.49", List.of("Ann Lee", "1 High Street", "London", "N1 1AA", "GB"));

    @Test
    void theConfirmationTellsTheOrderAndEscapesWhatTheCustomerTyped() {
        EmailTemplates.Rendered charged = confirmation(null);

        assertThat(charged.text()).contains("Hello Ann <b>Lee</b>,", "thank you for your order CS-1042.",
                "We have received your payment.", "2 x Mug  £20.00", "1 x Tea towel  £6.50", "Total     £31.49",
                "  1 High Street");
        assertThat(charged.html()).contains("Ann &lt;b&gt;Lee&lt;/b&gt;", "<strong>CS-1042</strong>",
                "<td style=\"padding: 2px 12px 2px 0;\">2 x Mug</td>", "<strong>£31.49</strong>", "<span>London</span>")
                .doesNotContain("<b>Lee</b>", "authorized for");

        EmailTemplates.Rendered authorized = confirmation("£31.49");
        assertThat(authorized.text()).contains("Your card was authorized for £31.49, not charged")
                .doesNotContain("We have received your payment.");
        assertThat(authorized.html()).contains("Your card was authorized for <strong>£31.49</strong>")
                .doesNotContain("We have received your payment.");
    }

    @Test
    void everyExpressionOfEveryMailTemplateCanBeCompiled() throws Exception {
        confirmation(null);
        confirmation("£31.49");
        templates.render("order-canceled", "Your order CS-1042 is canceled", Map.of("order", order,
                "why", "You asked us to cancel it.", "held", "£31.49"));
        templates.render("refund-confirmation", "Your refund", Map.of("order", order, "amount", "£6.50"));
        for (boolean reshipment : new boolean[] {false, true}) {
            Map<String, Object> shipped = new HashMap<>();
            shipped.put("order", order);
            shipped.put("items", List.of(new EmailTemplates.Shipped("Mug", 2)));
            shipped.put("reshipment", reshipment);
            shipped.put("carrier", "Royal Mail");
            shipped.put("service", "Tracked 48");
            shipped.put("trackingNumber", "AB123456789GB");
            shipped.put("trackingUrl", "https://track.example.com/AB123456789GB");
            templates.render("shipping-confirmation", "Your order CS-1042 is on its way", shipped);
        }

        // Compiled here on demand, whatever the engine's compiler flag says: this asks whether each can be; the
        // flag itself is the next test's.
        List<SpelExpression> expressions = cachedExpressions();
        List<String> interpreted = new ArrayList<>();
        for (SpelExpression expression : expressions) {
            // True once the expression has been compiled, now or before; false when it cannot be.
            if (!expression.compileExpression()) {
                interpreted.add(expression.getExpressionString());
            }
        }
        assertThat(expressions).extracting(SpelExpression::getExpressionString)
                .contains("order.customerName()", "line.total()", "item.quantity()", "trackingUrl");
        assertThat(interpreted).as("expressions that cannot be compiled").isEmpty();
    }

    @Test
    void theMailEngineCompilesItsExpressionsWhateverTheEngineOfThePagesIsSetTo() {
        // What Spring Boot does with its engine for the pages (spring.thymeleaf.enable-spring-el-compiler, false),
        // after this one was made, as in the service. It sets the dialect all SpringTemplateEngines share to false
        // for the rest of this JVM, which is Spring Boot's default anyway.
        new SpringTemplateEngine().setEnableSpringELCompiler(false);

        confirmation(null);

        assertThat(SpringStandardExpressions.isSpringELCompilerEnabled(templates.engine().getConfiguration()))
                .as("the mail engine parses its expressions for the SpEL compiler").isTrue();
    }

    private EmailTemplates.Rendered confirmation(String authorized) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("order", order);
        variables.put("authorized", authorized);
        return templates.render("order-confirmation", "Your order CS-1042 is confirmed", variables);
    }

    // Thymeleaf keeps each parsed SpEL expression in its expression cache, wrapped in a class of its own that it does
    // not publish; the wrapped expression is read from its one SpelExpression field.
    private List<SpelExpression> cachedExpressions() throws IllegalAccessException {
        ICache<ExpressionCacheKey, Object> cache = templates.engine().getConfiguration().getCacheManager()
                .getExpressionCache();
        List<SpelExpression> found = new ArrayList<>();
        for (ExpressionCacheKey key : cache.keySet()) {
            Object value = cache.get(key);
            if (value == null) {
                continue;
            }
            for (Field field : value.getClass().getDeclaredFields()) {
                if (field.getType() == SpelExpression.class) {
                    field.setAccessible(true);
                    found.add((SpelExpression) field.get(value));
                }
            }
        }
        return found;
    }
}
