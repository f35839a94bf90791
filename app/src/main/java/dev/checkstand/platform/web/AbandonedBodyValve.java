package dev.checkstand.platform.web;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * After the answer to a request whose body the service gave up reading (marked with {@link #ABANDONED}), tells Tomcat
 * not to read the rest of it: by default Tomcat would drain up to 2 MiB of it to keep the connection, at whatever
 * pace the client sends. The answer is sent, then the connection closed (Tomcat's path for an aborted upload).
 */
final class AbandonedBodyValve extends ValveBase {

    /** Request attribute: the rest of this request's body is not to be read. */
    static final String ABANDONED = AbandonedBodyValve.class.getName() + ".abandoned";

    AbandonedBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        getNext().invoke(request, response);
        if (request.getAttribute(ABANDONED) != null) {
            request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        }
    }
}
