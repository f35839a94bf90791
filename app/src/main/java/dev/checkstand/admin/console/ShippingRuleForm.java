package dev.checkstand.admin.console;

import dev.checkstand.common.InvalidRequest.FieldError;
import dev.checkstand.shipping.ShippingRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipping page's rule set as the admin typed it: one row of text per rule, and what was refused, by row and
 * field. The form posts {@code rules[i].<field>} (the JSON API's field names); rows left empty or marked for removal
 * are dropped, so {@code rules[n]} in a refusal is the n-th row kept, and the page shows the kept rows again in that
 * order. Text that cannot be read (an amount that is no number) is refused together with what
 * {@code ShippingAdministration} refuses, under the same field names.
 */
public record ShippingRuleForm(List<Row> rows, Map<String, List<String>> errors, List<Refusal> refusals) {

    /** Empty rows shown after the rules, so that rules can be added without JavaScript. */
    static final int EMPTY_ROWS = 3;

    private static final Pattern PARAMETER = Pattern.compile("rules\\[(\\d{1,4})]\\.([A-Za-z]+)");
    private static final Pattern REFUSED = Pattern.compile("rules\\[(\\d+)]\\.([A-Za-z]+)(?:\\[(\\d+)])?");
    private static final Pattern RULE = Pattern.compile("rules\\[(\\d+)]");
    private static final Map<String, String> LABELS = Map.of("currency", "currency", "zone", "zone", "countries",
            "countries", "kind", "kind", "amount", "amount", "freeAbove", "free above", "method", "method",
            "methodName", "method name", "days", "delivery days");

    /** One rule as typed; every field is text, so that what the admin typed is shown again as typed. */
    public record Row(String currency, String zone, String countries, String kind, String amount, String freeAbove,
            String method, String methodName, String minDays, String maxDays) {

        static Row of(ShippingRule r) {
            return new Row(r.currency(), r.zone(), String.join(", ", r.countries()), r.kind().wire(),
                    Long.toString(r.amount()), text(r.freeAbove()), r.method(), r.methodName(), text(r.minDays()),
                    text(r.maxDays()));
        }

        static Row empty() {
            return new Row("", "", "", "flat", "", "", "", "", "", "");
        }

        boolean isEmpty() {
            return List.of(currency, zone, countries, amount, freeAbove, method, methodName, minDays, maxDays)
                    .stream().allMatch(String::isBlank);
        }

        List<String> countryCodes() {
            return Arrays.stream(countries.trim().split("[\\s,;]+")).filter(c -> !c.isEmpty())
                    .map(c -> c.toUpperCase(Locale.ROOT)).toList();
        }

        /** The rule this row says; what cannot be read is added to {@code errors} and a placeholder stands in. */
        ShippingRule rule(int index, List<FieldError> errors) {
            String at = "rules[" + index + "].";
            ShippingRule.Kind parsed = ShippingRule.Kind.parse(kind).orElse(null);
            if (parsed == null) {
                errors.add(new FieldError(at + "kind", "must be flat or printful"));
            }
            Long minor = whole(amount, at + "amount", "a whole number of minor units, e.g. 499 for £4.99", errors);
            if (minor == null && amount.isBlank()) {
                errors.add(new FieldError(at + "amount", "must not be empty"));
            }
            Long free = whole(freeAbove, at + "freeAbove", "a whole number of minor units, or empty", errors);
            Long from = whole(minDays, at + "minDays", "a whole number of days, or empty", errors);
            Long to = whole(maxDays, at + "maxDays", "a whole number of days, or empty", errors);
            return new ShippingRule(currency.trim().toLowerCase(Locale.ROOT), zone.trim(), countryCodes(),
                    parsed == null ? ShippingRule.Kind.FLAT : parsed, minor == null ? 0 : minor, free,
                    method.trim().toUpperCase(Locale.ROOT), methodName.trim(), days(from), days(to));
        }

        private static Long whole(String text, String field, String expected, List<FieldError> errors) {
            if (text.isBlank()) {
                return null;
            }
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                errors.add(new FieldError(field, "must be " + expected));
                return null;
            }
        }

        // Out of int's range is out of ShippingAdministration's range too: it refuses the clamped value.
        private static Integer days(Long days) {
            return days == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, days));
        }

        private static String text(Object value) {
            return value == null ? "" : value.toString();
        }
    }

    /** A refused field for the page's summary: the row (from 1; 0 for the rule set), what is wrong, the input to go to. */
    public record Refusal(int row, String field, String message, String inputId) {

        /** The line in the summary, e.g. Rule 2, countries: GB is already named for gbp by rule 1. */
        public String text() {
            return (row == 0 ? "The rules" : "Rule " + row + ", " + LABELS.getOrDefault(field, field)) + ": " + message;
        }
    }

    /** The form showing {@code rules} as they are. */
    static ShippingRuleForm of(List<ShippingRule> rules) {
        return new ShippingRuleForm(rules.stream().map(Row::of).toList(), Map.of(), List.of());
    }

    /** The rows the form posted, in their order, without empty rows and rows marked for removal. */
    static List<Row> read(Map<String, String> parameters) {
        Map<Integer, Map<String, String>> byRow = new TreeMap<>();
        parameters.forEach((name, value) -> {
            Matcher m = PARAMETER.matcher(name);
            if (m.matches()) {
                byRow.computeIfAbsent(Integer.parseInt(m.group(1)), i -> new HashMap<>()).put(m.group(2), value);
            }
        });
        List<Row> rows = new ArrayList<>();
        for (Map<String, String> f : byRow.values()) {
            Row row = new Row(f(f, "currency"), f(f, "zone"), f(f, "countries"), f(f, "kind"), f(f, "amount"),
                    f(f, "freeAbove"), f(f, "method"), f(f, "methodName"), f(f, "minDays"), f(f, "maxDays"));
            if (!row.isEmpty() && !f.containsKey("remove")) {
                rows.add(row);
            }
        }
        return rows;
    }

    /** The rules {@code rows} say, in order; what cannot be read goes to {@code errors}. */
    static List<ShippingRule> rules(List<Row> rows, List<FieldError> errors) {
        List<ShippingRule> rules = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            rules.add(rows.get(i).rule(i, errors));
        }
        return rules;
    }

    /** The rows as posted with their refusals, for the page to show again. */
    static ShippingRuleForm refused(List<Row> rows, List<FieldError> refused) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        List<Refusal> refusals = new ArrayList<>();
        for (FieldError error : refused) {
            Matcher m = REFUSED.matcher(error.field());
            if (!m.matches() || Integer.parseInt(m.group(1)) >= rows.size()) {
                refusals.add(new Refusal(0, "rules", humane(error.message()), null));
                continue;
            }
            int row = Integer.parseInt(m.group(1));
            String field = m.group(2).equals("minDays") || m.group(2).equals("maxDays") ? "days" : m.group(2);
            String message = humane(error.message());
            if (m.group(3) != null) {
                String country = codeAt(rows.get(row), Integer.parseInt(m.group(3)));
                message = message.startsWith(country) ? message : country + ": " + message;
            }
            errors.computeIfAbsent(row + "." + field, k -> new ArrayList<>()).add(message);
            refusals.add(new Refusal(row + 1, field, message,
                    "rule-" + row + "-" + (field.equals("days") ? "minDays" : field)));
        }
        return new ShippingRuleForm(rows, errors, refusals);
    }

    /** The rows to show: the rules, then {@link #EMPTY_ROWS} empty ones. */
    public List<Row> shown() {
        List<Row> shown = new ArrayList<>(rows);
        for (int i = 0; i < EMPTY_ROWS; i++) {
            shown.add(Row.empty());
        }
        return shown;
    }

    /** Why the row's field (or "days": minDays and maxDays) was refused; null when it was not. */
    public String error(int row, String field) {
        List<String> messages = errors.get(row + "." + field);
        return messages == null ? null : String.join("; ", messages);
    }

    private static String codeAt(Row row, int index) {
        List<String> codes = row.countryCodes();
        return index < codes.size() ? codes.get(index) : "";
    }

    // The page numbers rows from 1: "by rules[0]" reads "by rule 1".
    private static String humane(String message) {
        return RULE.matcher(message).replaceAll(m -> "rule " + (Integer.parseInt(m.group(1)) + 1));
    }

    private static String f(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null ? "" : value;
    }
}
