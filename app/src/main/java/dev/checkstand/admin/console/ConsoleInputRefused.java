package dev.checkstand.admin.console;

import dev.checkstand.common.Problem;

/** A console form field that cannot be used as typed; the page shows the detail, nothing is changed. */
final class ConsoleInputRefused extends Problem {

    ConsoleInputRefused(String detail) {
        super(400, "invalid_request", "Not done", detail);
    }
}
