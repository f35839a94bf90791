package dev.checkstand.platform.web;

import java.io.IOException;

/** The request body is larger than the service accepts. */
final class RequestBodyTooLarge extends IOException {

    RequestBodyTooLarge(long limit) {
        super("The request body is larger than " + limit + " bytes");
    }
}
