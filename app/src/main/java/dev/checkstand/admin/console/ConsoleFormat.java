package dev.checkstand.admin.console;

import dev.checkstand.common.Money;
import dev.checkstand.common.MoneyFormat;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How the console's templates write amounts and times: money in its currency from minor units, times in UTC. */
public final class ConsoleFormat {

    /** {@code 1250, "gbp"} is "£12.50". */
    public String money(long minorUnits, String currency) {
        return MoneyFormat.format(Money.of(minorUnits, currency));
    }

    /** "2026-12-01 17:45:03 UTC"; empty for none. */
    public String at(Instant instant) {
        return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ')
                .replace("Z", " UTC");
    }
}
