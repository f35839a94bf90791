package dev.checkstand.seller;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code seller-accounts} job: sellers' copies older than the staleness limit are read from Stripe again (and an
 * account whose create got no answer is created), so a lost {@code account.updated} is only a delay — a seller
 * enabled again is not refused for good on a copy that says otherwise.
 */
@Configuration(proxyBeanMethods = false)
class SellerAccountRefresh {

    private static final int BATCH = 50;

    @Bean
    RecurringTask<Void> sellerAccountsJob(Sellers sellers, SellerAccounts accounts, SellerSettings settings,
            Clock clock) {
        return Tasks.recurring("seller-accounts", FixedDelay.of(settings.refreshInterval()))
                .execute((instance, context) -> refresh(sellers, accounts, settings, clock));
    }

    /** Reads up to a batch of stale sellers' accounts; returns how many were read. */
    static int refresh(Sellers sellers, SellerAccounts accounts, SellerSettings settings, Clock clock) {
        int read = 0;
        for (Seller seller : sellers.staleSince(clock.instant().minus(settings.accountStaleAfter()), BATCH)) {
            if (accounts.reread(accounts.withAccountIfStripeAnswers(seller)).isPresent()) {
                read++;
            }
        }
        return read;
    }
}
