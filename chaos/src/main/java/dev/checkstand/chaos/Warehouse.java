package dev.checkstand.chaos;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The print shop, moving Printful's orders on through the simulator's control routes as its staff would. With
 * automatic capture it ships every order once. With capture on fulfillment each order gets a fate when first seen —
 * shipped straight from pending, put into production ({@code inprocess}) and left there, put into production and
 * shipped a few seconds later, or left pending (its authorization then comes up for review near its lapse) — so the
 * captures these moves cause race the webhooks, confirm calls and kills; orders an admin is about to capture or release
 * are held back until the admin has acted.
 */
final class Warehouse {

    /** What the shop does with one Printful order. */
    enum Fate {
        HOLD, SHIP, PRODUCE, PRODUCE_THEN_SHIP, LEAVE
    }

    // How long an order stays in production before it ships, when it ships at all.
    private static final long PRODUCTION_NANOS = 5_000_000_000L;

    private final Cluster cluster;
    private final Stats stats;
    private final boolean onFulfillment;
    /** Printful order ids shipped by this shop (one package each). */
    final Set<Long> shipped = ConcurrentHashMap.newKeySet();
    // By external id, the order number the service sends.
    private final Map<String, Fate> fates = new ConcurrentHashMap<>();
    private final Map<Long, Long> inProductionSince = new ConcurrentHashMap<>();

    Warehouse(Cluster cluster, Stats stats, boolean onFulfillment) {
        this.cluster = cluster;
        this.stats = stats;
        this.onFulfillment = onFulfillment;
    }

    /** The order is held back (pending at Printful) until {@link #letGo} or {@link #produce}. */
    void hold(String orderNumber) {
        fates.put(orderNumber, Fate.HOLD);
    }

    /** A held order gets a fate as any other does. */
    void letGo(String orderNumber) {
        fates.put(orderNumber, randomFate());
    }

    /** The order goes into production as soon as it is seen, and ships after it. */
    void produce(String orderNumber) {
        fates.put(orderNumber, Fate.PRODUCE_THEN_SHIP);
    }

    /** Looks at every Printful order every 3 s while {@code on}. */
    void run(AtomicBoolean on) {
        while (on.get()) {
            ChaosSuite.sleepWhile(on, 3000);
            Http.Answer orders = Http.get(cluster.printfulUrl + "/_sim/orders", Map.of());
            if (orders.json() == null || !orders.json().isJsonArray()) {
                continue;
            }
            for (JsonElement e : orders.json().getAsJsonArray()) {
                JsonObject o = e.getAsJsonObject();
                long id = o.get("id").getAsLong();
                String status = o.get("status").getAsString();
                if (onFulfillment) {
                    move(id, Invariants.text(o, "externalId"), status);
                } else if ((status.equals("pending") || status.equals("inprocess")) && !shipped.contains(id)) {
                    ship(id, "automatic");
                }
            }
        }
    }

    private void move(long id, String externalId, String status) {
        Fate fate = externalId == null ? Fate.SHIP : fates.computeIfAbsent(externalId, k -> randomFate());
        switch (fate) {
            case HOLD, LEAVE -> {
            }
            case SHIP -> {
                if (status.equals("pending")) {
                    ship(id, "from pending");
                }
            }
            case PRODUCE, PRODUCE_THEN_SHIP -> {
                if (status.equals("pending")) {
                    Http.Answer a = Http.postJson(cluster.printfulUrl + "/_sim/orders/" + id + "/inprocess", "{}", Map.of());
                    if (a.ok()) {
                        inProductionSince.put(id, System.nanoTime());
                        stats.count("warehouse.into production");
                    }
                } else if (fate == Fate.PRODUCE_THEN_SHIP && status.equals("inprocess")
                        && System.nanoTime() - inProductionSince.getOrDefault(id, 0L) >= PRODUCTION_NANOS) {
                    ship(id, "from production");
                }
            }
        }
    }

    private void ship(long id, String how) {
        if (shipped.contains(id)) {
            return;
        }
        Http.Answer ship = Http.postJson(cluster.printfulUrl + "/_sim/orders/" + id + "/ship",
                "{\"trackingNumber\":\"TRK" + id + "\"}", Map.of());
        if (ship.ok()) {
            shipped.add(id);
            stats.count("shipments");
            if (onFulfillment) {
                stats.count("warehouse.shipped " + how);
            }
        }
    }

    // Shipped at once 30 %, into production and left there 15 %, into production then shipped 35 %, left pending 20 %.
    private Fate randomFate() {
        int roll = ThreadLocalRandom.current().nextInt(100);
        Fate fate = roll < 30 ? Fate.SHIP : roll < 45 ? Fate.PRODUCE : roll < 80 ? Fate.PRODUCE_THEN_SHIP : Fate.LEAVE;
        stats.count("warehouse.fate " + fate.name().toLowerCase().replace('_', ' '));
        return fate;
    }
}
