package dev.checkstand.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds raw HTTP/1.1 request bytes once, so sending costs the generator nothing but a socket write. */
public final class Requests {

    private Requests() {
    }

    public static byte[] post(String path, String contentType, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    public static byte[] postJson(String path, Map<String, String> headers, String json) {
        return post(path, "application/json", headers, json.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] get(String path, Map<String, String> headers) {
        StringBuilder head = new StringBuilder(128)
                .append("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
