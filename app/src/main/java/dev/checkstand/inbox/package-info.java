/**
 * The inbox: provider webhooks received, verified per provider and stored once per event before they are
 * acknowledged (invariant 7); events imported from a provider's API; claims, retries with backoff, dead letters and
 * replay. It knows no business: each stored event goes to the {@link dev.checkstand.inbox.InboxHandler} that takes
 * its source and type.
 */
package dev.checkstand.inbox;
