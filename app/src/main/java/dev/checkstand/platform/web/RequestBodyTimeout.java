package dev.checkstand.platform.web;

import java.io.IOException;
import java.time.Duration;

/** The request body did not arrive in the time the service allows for one (a client trickling it in). */
final class RequestBodyTimeout extends IOException {

    RequestBodyTimeout(Duration timeout) {
        super("The request body did not arrive within " + timeout.toSeconds() + " s");
    }
}
