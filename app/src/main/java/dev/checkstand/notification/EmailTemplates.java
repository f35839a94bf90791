package dev.checkstand.notification;

import dev.checkstand.common.Money;
import dev.checkstand.common.MoneyFormat;
import dev.checkstand.common.WebLinks;
import dev.checkstand.fulfillment.ShipmentSent;
import dev.checkstand.order.Order;
import dev.checkstand.order.OrderDetails;
import java.util.List;
import java.util.Map;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.spring6.dialect.SpringStandardDialect;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContext;
import org.thymeleaf.spring6.expression.ThymeleafEvaluationContextWrapper;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders customer emails from the Thymeleaf templates under {@code templates/mail/}: each email is a
 * {@code name.txt} (plain text) and a {@code name.html}. An engine of this module's own, so the mail templates are
 * never resolved as web views. Amounts are formatted by {@link MoneyFormat}.
 */
@Component
class EmailTemplates {

    private final SpringTemplateEngine engine = new SpringTemplateEngine();

    EmailTemplates() {
        // The templates' expressions are compiled to bytecode once they have run a hundred times; one that cannot be
        // compiled stays interpreted. The flag is set on a dialect of this engine's own. Every SpringTemplateEngine
        // starts with the same shared SpringStandardDialect, an engine reads that dialect's flag when it first
        // renders, and Spring Boot's engine for the pages sets the shared flag from
        // spring.thymeleaf.enable-spring-el-compiler (false) when it is made: set there, this engine's expressions ran
        // interpreted in the service (issue 18).
        SpringStandardDialect dialect = new SpringStandardDialect();
        dialect.setEnableSpringELCompiler(true);
        engine.setDialect(dialect);
        engine.addTemplateResolver(resolver("*.html", TemplateMode.HTML, 1));
        engine.addTemplateResolver(resolver("*.txt", TemplateMode.TEXT, 2));
    }

    /**
     * The confirmation of a placed order: what was bought, what it cost, where it goes; {@code authorized} is what
     * its customer's card was authorized for when the payment is to be captured later (null: it was charged).
     */
    Rendered orderConfirmation(OrderDetails details, Money authorized) {
        OrderView order = OrderView.of(details);
        java.util.Map<String, Object> variables = new java.util.HashMap<>();
        variables.put("order", order);
        variables.put("authorized", authorized == null ? null : MoneyFormat.format(authorized));
        return render("order-confirmation", "Your order " + order.number() + " is confirmed", variables);
    }

    /**
     * The news that a placed order was canceled before anything was charged ({@code reason} as
     * {@code PlacedOrderCanceled} names it, told in the customer's words): the hold on the card was released.
     */
    Rendered orderCanceled(OrderDetails details, String reason) {
        OrderView order = OrderView.of(details);
        Order placed = details.order();
        Money held = placed.amountAuthorized() > 0 ? Money.of(placed.amountAuthorized(), placed.total().currency())
                : placed.total();
        return render("order-canceled", "Your order " + order.number() + " is canceled", Map.of("order", order,
                "why", CancellationWords.why(reason), "held", MoneyFormat.format(held)));
    }

    /** The confirmation of a refund of {@code amount} on the order. */
    Rendered refundConfirmation(OrderDetails details, Money amount) {
        OrderView order = OrderView.of(details);
        String refunded = MoneyFormat.format(amount);
        return render("refund-confirmation", "Your refund of " + refunded + " for order " + order.number(),
                Map.of("order", order, "amount", refunded));
    }

    /** The news that a package of the order left: what is in it, the carrier and how to track it. */
    Rendered shippingConfirmation(OrderDetails details, ShipmentSent shipment) {
        OrderView order = OrderView.of(details);
        java.util.Map<String, String> names = new java.util.HashMap<>();
        details.items().forEach(item -> names.putIfAbsent(item.sku(), item.name()));
        List<Shipped> items = shipment.items().stream()
                .map(item -> new Shipped(names.getOrDefault(item.sku(), item.sku()), item.quantity()))
                .toList();
        java.util.Map<String, Object> variables = new java.util.HashMap<>();
        variables.put("order", order);
        variables.put("items", items);
        variables.put("reshipment", shipment.reshipment());
        variables.put("carrier", shipment.carrier() == null ? "the carrier" : shipment.carrier());
        variables.put("service", shipment.service());
        variables.put("trackingNumber", shipment.trackingNumber() == null ? "not given" : shipment.trackingNumber());
        variables.put("trackingUrl", WebLinks.httpOrNull(shipment.trackingUrl()));
        return render("shipping-confirmation", "Your order " + order.number() + " is on its way", variables);
    }

    /** What left in a package, by name (public, as {@link OrderView} says). */
    public record Shipped(String name, int quantity) {
    }

    // Package-private for the tests, which render views of their own.
    Rendered render(String template, String subject, Map<String, Object> variables) {
        Context context = new Context(java.util.Locale.ENGLISH, variables);
        context.setVariable("subject", subject);
        // Thymeleaf's SpEL evaluator looks for this variable at every expression and, when it is missing, makes a
        // fresh one and keeps it only at the element level it is evaluating, so a template made one per element
        // (about a fifth of rendering an email). Given here, every expression of the email's two templates shares it.
        // The same kind the evaluator would make: a plain SpEL context, no beans.
        context.setVariable(ThymeleafEvaluationContext.THYMELEAF_EVALUATION_CONTEXT_CONTEXT_VARIABLE_NAME,
                new ThymeleafEvaluationContextWrapper(new StandardEvaluationContext()));
        return new Rendered(subject, engine.process(template + ".txt", context),
                engine.process(template + ".html", context));
    }

    /** The engine, for the tests: its expression cache holds every expression the templates have run. */
    SpringTemplateEngine engine() {
        return engine;
    }

    private static ClassLoaderTemplateResolver resolver(String pattern, TemplateMode mode, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setResolvablePatterns(java.util.Set.of(pattern));
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        resolver.setOrder(order);
        return resolver;
    }

    /** An email's subject, plain text and HTML. */
    record Rendered(String subject, String text, String html) {
    }

    /**
     * What the templates see of an order: its number, lines and totals as text, and where it is shipped.
     * <p>
     * Public, as every view the templates read is, with its accessors: the SpEL compiler calls only a public method of
     * a public class, and leaves any other expression interpreted for good, a reflective call with its argument types
     * worked out again at every evaluation (about a quarter of rendering a confirmation email, issue 18).
     * {@code EmailTemplatesTests} checks that every expression can be compiled.
     */
    public record OrderView(String number, String customerName, List<Line> lines, String subtotal, String shipping,
            String total, List<String> shipTo) {

        static OrderView of(OrderDetails details) {
            Order order = details.order();
            String currency = order.total().currency();
            List<Line> lines = details.items().stream()
                    .map(item -> new Line(item.name(), item.quantity(),
                            MoneyFormat.format(Money.of(item.lineTotal(), currency))))
                    .toList();
            var address = order.shippingAddress();
            List<String> shipTo = java.util.stream.Stream.of(address.name(), address.line1(), address.line2(),
                            address.city(), address.state(), address.postalCode(), address.country())
                    .filter(part -> part != null && !part.isBlank())
                    .toList();
            return new OrderView(order.number(), address.name(), lines, MoneyFormat.format(order.subtotal()),
                    MoneyFormat.format(order.shipping()), MoneyFormat.format(order.total()), shipTo);
        }
    }

    /** One line of an order: what, how many, and the line's total as text (public, as {@link OrderView} says). */
    public record Line(String name, int quantity, String total) {
    }
}
