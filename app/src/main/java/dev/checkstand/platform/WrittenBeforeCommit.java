package dev.checkstand.platform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rows a transaction writes by one statement just before it commits, instead of one statement each as they come (the
 * timeline's entries, the emails): gathered under a key with {@link TransactionBound#getForWrites}, so outside a
 * transaction, and in a listener run that may roll back alone to its savepoint, each is written at once. Once the
 * commit has begun, a row (added by another callback before the commit) is written at once too. Spring runs the
 * callbacks before a commit from the list it had when the commit began, so rows first gathered by one of them
 * registered this callback too late for that: they are written after the commit, in a transaction of their own, rather
 * than lost.
 *
 * @param <T> a row
 */
public final class WrittenBeforeCommit<T> implements TransactionSynchronization {

    private static final Logger log = LoggerFactory.getLogger(WrittenBeforeCommit.class);

    private final Consumer<List<T>> write;
    private final TransactionTemplate ownTransaction;
    private final List<T> rows = new ArrayList<>();
    private boolean written;

    private WrittenBeforeCommit(Consumer<List<T>> write, TransactionTemplate ownTransaction) {
        this.write = write;
        this.ownTransaction = ownTransaction;
    }

    /** A transaction of its own for what is written after a commit; one per writer. */
    public static TransactionTemplate ownTransaction(PlatformTransactionManager transactions) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return template;
    }

    /** Has {@code write} write {@code rows}, with the current transaction's others under {@code key}, or at once. */
    public static <T> void write(Object key, List<T> rows, Consumer<List<T>> write, TransactionTemplate ownTransaction) {
        WrittenBeforeCommit<T> gathered = TransactionBound.getForWrites(key,
                () -> new WrittenBeforeCommit<>(write, ownTransaction));
        if (gathered == null || gathered.written) {
            write.accept(rows);
        } else {
            gathered.rows.addAll(rows);
        }
    }

    /**
     * Puts {@code rows} off to just before the commit, with the current transaction's others under {@code key}, and
     * answers true — only in a batch of listener runs that go together ({@link BatchedModuleListener}), whose failed
     * commit runs every run of it again, each in a savepoint and writing at once. For a write that has an answer (a
     * row inserted unless there, one updated unless changed since read): put off, it is taken to have succeeded, and
     * {@code write} must throw when it did not, failing the commit, so that the run that took it so runs again and
     * gets its answer. Anywhere else nothing is put off and the answer is false: the caller writes at once.
     */
    public static <T> boolean putOffInBatch(Object key, List<T> rows, Consumer<List<T>> write,
            TransactionTemplate ownTransaction) {
        ListenerBatch batch = ListenerBatch.current();
        if (batch == null || batch.savepoints()) {
            return false;
        }
        WrittenBeforeCommit<T> gathered = TransactionBound.get(key, () -> new WrittenBeforeCommit<>(write,
                ownTransaction));
        if (gathered == null || gathered.written) {
            return false;
        }
        gathered.rows.addAll(rows);
        return true;
    }

    /** The rows the current transaction has gathered under {@code key} and not written yet; none if it has none. */
    @SuppressWarnings("unchecked")
    public static <T> List<T> gathered(Object key) {
        WrittenBeforeCommit<T> gathered = TransactionBound.existing(key);
        return gathered == null ? List.of() : List.copyOf(gathered.rows);
    }

    /** Writes now what the current transaction gathered under {@code key}, if anything (before it reads them back). */
    public static void writeGathered(Object key) {
        WrittenBeforeCommit<?> gathered = TransactionBound.existing(key);
        if (gathered != null) {
            gathered.writeNow();
        }
    }

    /**
     * {@code rows} split into rounds in which no key appears twice, each round keeping the rows' order: for a writer
     * whose one statement changes each row at most once, so that a row changed twice in a transaction is changed twice,
     * in the order the changes were made.
     */
    public static <T> List<List<T>> rounds(List<T> rows, Function<T, ?> key) {
        List<List<T>> rounds = new ArrayList<>();
        List<T> left = rows;
        while (!left.isEmpty()) {
            Set<Object> seen = new HashSet<>();
            List<T> round = new ArrayList<>();
            List<T> later = new ArrayList<>();
            for (T row : left) {
                (seen.add(key.apply(row)) ? round : later).add(row);
            }
            rounds.add(round);
            left = later;
        }
        return rounds;
    }

    private void writeNow() {
        if (!rows.isEmpty()) {
            List<T> now = List.copyOf(rows);
            rows.clear();
            write.accept(now);
        }
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        writeNow();
        written = true;
    }

    @Override
    public void afterCommit() {
        if (!written && !rows.isEmpty()) {
            written = true;
            log.warn("{} rows were gathered while their transaction was committing; written after it", rows.size());
            ownTransaction.executeWithoutResult(status -> writeNow());
        }
    }
}
