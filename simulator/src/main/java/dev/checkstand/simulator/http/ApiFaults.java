package dev.checkstand.simulator.http;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The faults the API server applies to requests, each decision taken afresh per request. */
public interface ApiFaults {

  /** Latency to add before handling this request; asked once per request, so a delay can be counted. */
  Duration latency();

  /** Requests per second above which requests get 429; 0 for no limit. */
  int rateLimit();

  /** Notes that this request was answered 429 by the rate limit. */
  void rateLimited();

  /** The status (500 or 503) to answer with instead of handling this request, or 0 to handle it. */
  int injectedError();

  /** Whether to close this request's connection without an answer once it is applied; consumes a counted fault. */
  boolean loseAnswer(String method, String routeTemplate, String path);

  /** How long to hold a lost answer's connection before closing it. */
  Duration answerLostDelay();

  /** Fields to leave out of answered objects, by object type. */
  Map<String, Set<String>> omittedFields();
}
