package dev.checkstand.platform.database;

import java.nio.file.Path;

/** Another process already runs the embedded PostgreSQL on this data directory. */
public final class DataDirectoryInUse extends RuntimeException {

    private final Path dataDir;

    public DataDirectoryInUse(Path dataDir) {
        super("The data directory " + dataDir + " is in use by another Checkstand instance");
        this.dataDir = dataDir;
    }

    public Path dataDir() {
        return dataDir;
    }
}
