package dev.checkstand.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * An event listener run from the event publication registry, as {@code @ApplicationModuleListener} is — after the
 * publishing transaction commits, again by {@code event-resubmission} if it fails or its instance dies — but many runs
 * to a transaction: the runs of a batch together, each publication completed in that transaction, the batch committed
 * once ({@link ListenerBatches}). When a run fails the batch rolls back and runs again, each run in a savepoint: the
 * one at fault rolls back to its savepoint and is marked failed; the others commit. For listeners that only write to
 * the database and run for nearly every order: on the paid-order path each such run was a commit of its own
 * (docs/BENCHMARKS.md, issue 18).
 * <p>
 * A listener given this annotation must not declare a transaction of its own, and, as every listener here, must be
 * idempotent: a batch whose commit fails leaves all its publications incomplete, to be run again, and a run may be
 * undone and run again within its batch when another run of it fails.
 */
@Async(ListenerBatches.EXECUTOR)
@TransactionalEventListener
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface BatchedModuleListener {
}
