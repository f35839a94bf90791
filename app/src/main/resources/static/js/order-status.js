// Keeps a customer order page live: follows the order's status stream (server-sent events; the browser reconnects by
// itself, sending Last-Event-ID) and rewrites the headline, the delivery progress and the tracking links. When the
// page shows an order still waiting for a payment the customer just made, it asks the service once to check with
// Stripe (the answer arrives through the stream like any other change). No polling.
(function () {
  "use strict";

  var root = document.querySelector("[data-order-page]");
  if (!root || !window.EventSource) {
    return;
  }
  var words = JSON.parse(root.getAttribute("data-words") || "{}");
  var state = {
    status: root.getAttribute("data-status"),
    paymentStatus: root.getAttribute("data-payment-status"),
    fulfillmentStatus: root.getAttribute("data-fulfillment-status"),
    failed: false,
    released: root.getAttribute("data-released") === "true"
  };
  var held = root.getAttribute("data-held") || "";
  var CONFIRM_AFTER_MS = 4000;

  function part(name) {
    return root.querySelector('[data-live="' + name + '"]');
  }

  function headlineKey(order) {
    if (order.status === "canceled") {
      return order.released ? "canceled/released" : "canceled";
    }
    return order.status + "/" + (order.failed ? "failed" : order.paymentStatus);
  }

  function renderHeadline(order) {
    var headline = (words.headlines || {})[headlineKey(order)];
    var box = part("headline");
    if (!headline || !box) {
      return;
    }
    box.classList.remove("ok", "wait", "bad");
    box.classList.add(headline.tone);
    part("title").textContent = headline.title;
    part("text").textContent = headline.text.replace("{held}", held);
  }

  function renderTracking(tracking) {
    var list = part("tracking");
    var block = part("tracking-block");
    if (!list || !block || !tracking) {
      return;
    }
    list.textContent = "";
    tracking.forEach(function (pkg) {
      var item = document.createElement("li");
      item.appendChild(document.createTextNode((pkg.carrier || "Carrier") + ": "));
      var url = pkg.trackingUrl;
      if (url && /^https?:\/\//.test(url)) {
        var link = document.createElement("a");
        link.href = url;
        link.rel = "noopener noreferrer";
        link.textContent = pkg.trackingNumber || url;
        item.appendChild(link);
      } else {
        item.appendChild(document.createTextNode(pkg.trackingNumber || ""));
      }
      list.appendChild(item);
    });
    block.hidden = tracking.length === 0;
  }

  function render(order) {
    // An unpaid order that was processing and is unpaid again: that payment failed.
    var failed = order.status === "pending_payment" && state.paymentStatus === "processing"
      && order.paymentStatus === "unpaid";
    state.failed = order.status === "pending_payment" && (state.failed || failed);
    // A placed order canceled while its card was only authorized: the hold was released, nothing charged.
    state.released = order.status === "canceled"
      && (state.released || (state.status === "paid" && state.paymentStatus === "authorized"));
    state.status = order.status;
    state.paymentStatus = order.paymentStatus;
    state.fulfillmentStatus = order.fulfillmentStatus;
    root.setAttribute("data-status", order.status);
    root.setAttribute("data-payment-status", order.paymentStatus);
    root.setAttribute("data-fulfillment-status", order.fulfillmentStatus);
    renderHeadline({status: order.status, paymentStatus: order.paymentStatus, failed: state.failed,
      released: state.released});
    var progress = part("fulfillment");
    if (progress) {
      progress.textContent = (words.fulfillment || {})[order.fulfillmentStatus] || "";
    }
    renderTracking(order.tracking);
    var retry = part("retry");
    if (retry) {
      retry.hidden = !state.failed;
    }
  }

  function askStripeOnce() {
    var sessionId = root.getAttribute("data-session-id");
    var paymentIntent = root.getAttribute("data-payment-intent");
    if (state.status !== "pending_payment" || state.failed || (!sessionId && !paymentIntent)) {
      return;
    }
    var body = sessionId ? {sessionId: sessionId} : {paymentIntentId: paymentIntent};
    fetch("/api/payments/confirm", {
      method: "POST",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(body)
    }).catch(function () {
      // The stream still brings the outcome once the webhook or the reconciler has applied it.
    });
  }

  var stream = new EventSource(root.getAttribute("data-stream"));
  stream.addEventListener("order", function (event) {
    try {
      render(JSON.parse(event.data));
    } catch (e) {
      // A malformed event changes nothing on the page.
    }
  });
  window.setTimeout(askStripeOnce, CONFIRM_AFTER_MS);
  window.addEventListener("pagehide", function () {
    stream.close();
  });
})();
