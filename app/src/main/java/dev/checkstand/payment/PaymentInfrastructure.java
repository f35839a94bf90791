package dev.checkstand.payment;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.springframework.transaction.support.TransactionTemplate;

/** What background payment work runs on: transactions, the clock and an executor. */
record PaymentInfrastructure(TransactionTemplate transactions, Clock clock, Executor executor) {
}
