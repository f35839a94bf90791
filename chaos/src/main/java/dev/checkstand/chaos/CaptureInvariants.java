package dev.checkstand.chaos;

import static dev.checkstand.chaos.Invariants.array;
import static dev.checkstand.chaos.Invariants.describe;
import static dev.checkstand.chaos.Invariants.entries;
import static dev.checkstand.chaos.Invariants.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The invariants capture on fulfillment adds, read from the same facts as {@link Invariants}: authorizations held at
 * Stripe belong to orders holding them; a released (or otherwise canceled) order took nothing; nothing is captured
 * beyond what was authorized, and an admin's answered capture or release is what happened; no authorization is left
 * to lapse.
 */
final class CaptureInvariants {

    private final Admin admin;
    /** What became of the authorizations at the last check. */
    Map<String, Long> figures = Map.of();

    CaptureInvariants(Admin admin) {
        this.admin = admin;
    }

    List<Invariants.Verdict> check(Invariants.Facts facts) {
        Invariants.Check held = new Invariants.Check(
                "every PaymentIntent awaiting capture belongs to an authorized order whose attempt holds it");
        Invariants.Check released = new Invariants.Check(
                "a released (or otherwise canceled) order received nothing: its PaymentIntents canceled, none captured");
        Invariants.Check capturedWithin = new Invariants.Check("nothing captured beyond what was authorized; an admin's"
                + " answered capture or release is what happened; no partial capture nobody asked for");
        Invariants.Check lapse = new Invariants.Check("no authorization left to lapse: each captured or released before"
                + " its capture_before, none held past it", true);
        Map<String, Long> counts = new TreeMap<>();

        facts.pis().forEach((piId, pi) -> {
            if (!"requires_capture".equals(text(pi, "status"))) {
                return;
            }
            JsonObject o = facts.orderById().get(facts.orderOfPi().get(piId));
            JsonObject attempt = o == null ? null : attemptOf(o, piId);
            if (o == null || attempt == null) {
                held.fail(piId + ": awaiting capture (" + pi.get("amount_capturable") + "), no order holds it");
            } else if (!"authorized".equals(text(o, "paymentStatus")) || !"authorized".equals(text(attempt, "status"))
                    || pi.get("amount_capturable").getAsLong() != o.get("amountAuthorized").getAsLong()) {
                held.fail(piId + ": awaiting capture of " + pi.get("amount_capturable") + " for order " + text(o, "id")
                        + " (" + text(o, "status") + ", payment " + text(o, "paymentStatus") + ", authorized "
                        + o.get("amountAuthorized") + ", attempt " + text(attempt, "status") + ")");
            }
        });

        for (JsonObject o : facts.orderById().values()) {
            String id = text(o, "id");
            String status = text(o, "status");
            String paymentStatus = text(o, "paymentStatus");
            long authorized = o.get("amountAuthorized").getAsLong();
            long amountPaid = o.get("amountPaid").getAsLong();
            List<JsonObject> orderPis = facts.pisOfOrder().getOrDefault(id, List.of());
            boolean captured = "paid".equals(status) && !"authorized".equals(paymentStatus) && authorized > 0;

            if ("canceled".equals(status)) {
                boolean tookNothing = amountPaid == 0 && "unpaid".equals(paymentStatus)
                        && orderPis.stream().allMatch(pi -> pi.get("amount_received").getAsLong() == 0);
                boolean allCanceled = orderPis.stream().allMatch(pi -> "canceled".equals(text(pi, "status")));
                if (!tookNothing || authorized > 0 && (!allCanceled || entries(o, "authorization_released") != 1)) {
                    released.fail(id + " (canceled, payment " + paymentStatus + ", amountPaid " + amountPaid
                            + ", authorized " + authorized + ", " + entries(o, "authorization_released")
                            + " authorization_released entries): " + describe(orderPis));
                }
            } else if (entries(o, "authorization_released") > 0) {
                released.fail(id + " (" + status + ", payment " + paymentStatus + "): authorization released, not canceled");
            }

            Long answered = admin.capturesAnswered.get(id);
            Long asked = admin.capturesAsked.get(id);
            String wrong = null;
            if (amountPaid > authorized) {
                wrong = "captured " + amountPaid + " of " + authorized + " authorized";
            } else if (orderPis.stream().anyMatch(pi -> pi.get("amount_received").getAsLong() > pi.get("amount").getAsLong())) {
                wrong = "a PaymentIntent received more than its amount";
            } else if (answered != null && (!captured || amountPaid != answered)) {
                wrong = "the admin's capture of " + answered + " was answered 200";
            } else if (admin.releasesAnswered.contains(id) && !"canceled".equals(status)) {
                wrong = "the admin's release was answered 200";
            } else if (captured && amountPaid < authorized && !Long.valueOf(amountPaid).equals(asked)) {
                wrong = "captured in part; the admin asked " + asked;
            }
            if (wrong != null) {
                capturedWithin.fail(id + " (" + status + ", payment " + paymentStatus + ", authorized " + authorized
                        + ", amountPaid " + amountPaid + "): " + wrong);
            }

            if (authorized == 0) {
                continue;
            }
            counts.merge("orders placed on an authorization", 1L, Long::sum);
            JsonObject holder = holderOf(o);
            Instant captureBefore = holder == null || text(holder, "captureBefore") == null ? null
                    : Instant.parse(text(holder, "captureBefore"));
            if (captureBefore == null) {
                lapse.fail(id + ": placed on an authorization of " + authorized + ", no capture_before known");
            } else if ("authorized".equals(paymentStatus)) {
                counts.merge("still authorized at the end", 1L, Long::sum);
                if (!captureBefore.isAfter(facts.now())) {
                    lapse.fail(id + ": still authorized, capture_before " + captureBefore);
                }
            } else {
                JsonObject settled = lastEntry(o, captured ? "paid" : "authorization_released");
                Instant at = settled == null ? null : Instant.parse(text(settled, "at"));
                if (at == null || !at.isBefore(captureBefore)) {
                    lapse.fail(id + ": " + (captured ? "captured" : "released") + " at " + at + ", capture_before "
                            + captureBefore);
                }
                if (captured) {
                    counts.merge(amountPaid < authorized ? "captured in part" : "captured in full", 1L, Long::sum);
                    counts.merge("captured, by " + (settled == null ? "?" : text(settled, "source")), 1L, Long::sum);
                } else if (settled != null) {
                    JsonObject data = settled.has("data") && settled.get("data").isJsonObject()
                            ? settled.getAsJsonObject("data") : new JsonObject();
                    counts.merge("released, " + text(data, "reason") + ", by " + text(settled, "source"), 1L, Long::sum);
                }
            }
        }
        figures = counts;
        return List.of(held.verdict(), released.verdict(), capturedWithin.verdict(), lapse.verdict());
    }

    // The order's payment attempt with this PaymentIntent, as the admin API shows it.
    private static JsonObject attemptOf(JsonObject order, String paymentIntentId) {
        for (JsonElement p : array(order, "payments")) {
            if (paymentIntentId.equals(text(p.getAsJsonObject(), "paymentIntentId"))) {
                return p.getAsJsonObject();
            }
        }
        return null;
    }

    // The attempt whose authorization placed the order: manual capture, with an amount authorized.
    private static JsonObject holderOf(JsonObject order) {
        for (JsonElement p : array(order, "payments")) {
            JsonObject attempt = p.getAsJsonObject();
            if ("manual".equals(text(attempt, "captureMethod")) && attempt.has("amountAuthorized")
                    && attempt.get("amountAuthorized").getAsLong() > 0) {
                return attempt;
            }
        }
        return null;
    }

    private static JsonObject lastEntry(JsonObject order, String type) {
        JsonObject last = null;
        for (JsonElement t : array(order, "timeline")) {
            if (type.equals(text(t.getAsJsonObject(), "type"))) {
                last = t.getAsJsonObject();
            }
        }
        return last;
    }
}
