package dev.checkstand.simulator;

/**
 * A simulator on a free port with a platform webhook endpoint and a Connect endpoint, each its own receiver: what
 * the Connect tests start before each test and close after it.
 */
record ConnectSimulator(StripeSimulator simulator, WebhookReceiver platform, WebhookReceiver connect)
    implements AutoCloseable {

  static ConnectSimulator start() {
    WebhookReceiver platform = WebhookReceiver.start();
    WebhookReceiver connect = WebhookReceiver.start();
    StripeSimulator simulator = StripeSimulator.builder().port(0).webhookUrl(platform.url())
        .connectWebhookUrl(connect.url()).start();
    return new ConnectSimulator(simulator, platform, connect);
  }

  @Override
  public void close() {
    simulator.close();
    platform.close();
    connect.close();
  }
}
