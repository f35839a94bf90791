// Issue 18, fourteenth pass: how long EmailTemplates takes to render one three-item order confirmation, 20,000 times
// a round in one JVM, and a hash of its output (to compare builds). Not part of the build. From the repository root,
// after ./mvnw -B -q install -DskipTests (the classpath as for WalBench.java):
//   javac -cp "app/target/classes:$(cat /tmp/cp.txt)" -d /tmp/renderbench docs/benchmarks/issue-18-fourteenth-pass/RenderBench.java
//   java -cp "/tmp/renderbench:app/target/classes:$(cat /tmp/cp.txt)" RenderBench 20000
// Printed on 2026-12-04, rounds 5 and 6: 5a1a3ee 48.3 / 48.1 us per email, c481a57 38.6 / 38.5 us; the same hash.
import java.lang.reflect.*;
import java.time.Instant;
import java.util.*;

public class RenderBench {
    public static void main(String[] args) throws Exception {
        Class<?> orderIdC = Class.forName("dev.checkstand.common.OrderId");
        Object orderId = orderIdC.getMethod("of", UUID.class).invoke(null, UUID.randomUUID());
        Class<?> moneyC = Class.forName("dev.checkstand.common.Money");
        Method moneyOf = moneyC.getMethod("of", long.class, String.class);
        Class<?> statusC = Class.forName("dev.checkstand.order.Order$Status");
        Class<?> payC = Class.forName("dev.checkstand.order.Order$PaymentStatus");
        Class<?> addrC = Class.forName("dev.checkstand.order.ShippingAddress");
        Object addr = addrC.getConstructors()[0].newInstance("Ada Lovelace", "12 St James's Square", null, "London", null,
                "SW1Y 4JH", "GB");
        Class<?> orderC = Class.forName("dev.checkstand.order.Order");
        Constructor<?> oc = Arrays.stream(orderC.getDeclaredConstructors()).filter(c -> c.getParameterCount() == 20)
                .findFirst().orElseThrow();
        oc.setAccessible(true);
        Instant now = Instant.now();
        Object order = oc.newInstance(orderId, "CS-1001-ABCD", "chk_1", "fp", Enum.valueOf((Class) statusC, "PAID"),
                Enum.valueOf((Class) payC, "PAID"), "unfulfilled", moneyOf.invoke(null, 5997L, "gbp"),
                moneyOf.invoke(null, 499L, "gbp"), 0L, 6496L, 0L, "ada@example.com", addr, new LinkedHashSet<String>(),
                now, now, now, null, 1);
        Class<?> itemC = Class.forName("dev.checkstand.order.OrderDetails$Item");
        Constructor<?> ic = itemC.getConstructors()[0];
        List<Object> items = List.of(ic.newInstance(UUID.randomUUID(), "TEE-1", "Organic tee", 1999L, 1, 1999L),
                ic.newInstance(UUID.randomUUID(), "MUG-2", "Enamel mug", 1499L, 2, 2998L),
                ic.newInstance(UUID.randomUUID(), "CAP-3", "Canvas cap", 1000L, 1, 1000L));
        Class<?> detailsC = Class.forName("dev.checkstand.order.OrderDetails");
        Object details = detailsC.getConstructors()[0].newInstance(order, items, List.of());
        Class<?> tC = Class.forName("dev.checkstand.notification.EmailTemplates");
        Constructor<?> tcon = tC.getDeclaredConstructor();
        tcon.setAccessible(true);
        Object templates = tcon.newInstance();
        Method render = tC.getDeclaredMethod("orderConfirmation", detailsC, moneyC);
        render.setAccessible(true);
        System.out.println("output hash " + render.invoke(templates, details, null).toString().hashCode());
        int n = Integer.parseInt(args.length > 0 ? args[0] : "20000");
        for (int round = 0; round < 6; round++) {
            long start = System.nanoTime();
            int chars = 0;
            for (int i = 0; i < n; i++) {
                Object r = render.invoke(templates, details, null);
                chars += r.toString().length();
            }
            long took = System.nanoTime() - start;
            System.out.printf("round %d: %.1f us per email (%d chars)%n", round, took / 1000.0 / n, chars / n);
        }
    }
}
