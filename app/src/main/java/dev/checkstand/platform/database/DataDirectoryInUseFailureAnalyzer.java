package dev.checkstand.platform.database;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a locked data directory into a start-up message that says what to do. */
class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryInUse> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUse cause) {
        return new FailureAnalysis(
                "Another Checkstand instance is already running the embedded PostgreSQL in " + cause.dataDir()
                        + ". Starting a second one on the same files would corrupt them, so this one stopped.",
                "Stop the other instance, or give this one its own CHECKSTAND_DATA_DIR. To run several instances"
                        + " on one database, start PostgreSQL yourself and set SPRING_DATASOURCE_URL for all of them.",
                cause);
    }
}
