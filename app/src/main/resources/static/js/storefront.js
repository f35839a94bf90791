// The demo storefront: a cart kept in the browser, and a checkout through the service's public JSON API, paid by card
// on this page (Stripe.js card element) or on Stripe's hosted Checkout page. A checkout id is drawn once per cart and
// kept while the cart stays the same, so a retried "Pay" is the same checkout (the API's idempotency key), never a
// second order. Field errors from the API are shown next to their fields. Whenever the cart or the country changes,
// the page asks the service what shipping costs there and shows it with the total to be charged; a country the shop
// does not ship to for this cart is said next to the country field, and "Pay" waits for another one.
(function () {
  "use strict";

  var root = document.querySelector("main.shop");
  if (!root) {
    return;
  }
  var CART_KEY = "checkstand.cart";
  var CHECKOUT_KEY = "checkstand.checkout";
  var form = document.getElementById("checkout");
  var errorBox = form.querySelector('[data-checkout="error"]');
  var submit = form.querySelector('[data-checkout="submit"]');
  var country = document.getElementById("country");
  var quoteRegion = document.querySelector('[data-quote="region"]');
  var countryNote = form.querySelector('[data-quote="country-error"]');
  var quoteAsked = 0;
  var quotedFor = null;
  var shippingRefused = false;
  var products = {};
  document.querySelectorAll("[data-product-id]").forEach(function (el) {
    products[el.getAttribute("data-product-id")] = {
      name: el.getAttribute("data-name"),
      unitAmount: Number(el.getAttribute("data-unit-amount")),
      currency: el.getAttribute("data-currency"),
      minorDigits: Number(el.getAttribute("data-minor-digits")),
      available: Number(el.getAttribute("data-available"))
    };
    el.querySelector("button.add").addEventListener("click", function () {
      add(el.getAttribute("data-product-id"));
    });
  });

  var stripe = window.Stripe ? window.Stripe(root.getAttribute("data-publishable-key")) : null;
  var card = null;
  if (stripe) {
    card = stripe.elements().create("card");
    card.mount("#card-element");
  }

  function money(minor, currency, digits) {
    try {
      return new Intl.NumberFormat("en-GB", {style: "currency", currency: currency.toUpperCase()})
        .format(minor / Math.pow(10, digits));
    } catch (e) {
      return (minor / Math.pow(10, digits)).toFixed(digits) + " " + currency.toUpperCase();
    }
  }

  function cart() {
    try {
      var stored = JSON.parse(localStorage.getItem(CART_KEY) || "{}");
      Object.keys(stored).forEach(function (id) {
        if (!products[id]) {
          delete stored[id];
        }
      });
      return stored;
    } catch (e) {
      return {};
    }
  }

  function save(lines) {
    localStorage.setItem(CART_KEY, JSON.stringify(lines));
    render();
  }

  function add(id) {
    var lines = cart();
    lines[id] = Math.min((lines[id] || 0) + 1, products[id].available, 100);
    save(lines);
  }

  function remove(id) {
    var lines = cart();
    delete lines[id];
    save(lines);
  }

  function render() {
    var lines = cart();
    var ids = Object.keys(lines);
    var list = document.querySelector('[data-cart="lines"]');
    list.textContent = "";
    var subtotal = 0;
    var currency = "gbp";
    var digits = 2;
    ids.forEach(function (id) {
      var product = products[id];
      subtotal += product.unitAmount * lines[id];
      currency = product.currency;
      digits = product.minorDigits;
      var item = document.createElement("li");
      var text = document.createElement("span");
      text.textContent = lines[id] + " × " + product.name;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button secondary";
      button.textContent = "Remove";
      button.setAttribute("aria-label", "Remove " + product.name);
      button.addEventListener("click", function () {
        remove(id);
      });
      item.appendChild(text);
      item.appendChild(button);
      list.appendChild(item);
    });
    document.querySelector('[data-cart="empty"]').hidden = ids.length > 0;
    document.querySelector('[data-cart="total-line"]').hidden = ids.length === 0;
    document.querySelector('[data-cart="subtotal"]').textContent = money(subtotal, currency, digits);
    form.hidden = ids.length === 0;
    document.querySelector('[data-pay="card-block"]').hidden = payWith() !== "card";
    askQuote(lines);
  }

  // Asks what shipping costs for the cart and the chosen country, once per change; only the latest answer is shown.
  function askQuote(lines) {
    var ids = Object.keys(lines);
    if (ids.length === 0) {
      quotedFor = null;
      showQuote(null, null);
      return;
    }
    var body = {
      items: ids.map(function (id) {
        return {productId: id, quantity: lines[id]};
      }),
      shippingAddress: {country: country.value}
    };
    var key = JSON.stringify(body);
    if (key === quotedFor) {
      return;
    }
    quotedFor = key;
    var asked = ++quoteAsked;
    var digits = products[ids[0]].minorDigits;
    quoteRegion.setAttribute("aria-busy", "true");
    post("/api/shipping/quote", body).then(function (answer) {
      if (asked !== quoteAsked) {
        return;
      }
      quoteRegion.removeAttribute("aria-busy");
      if (answer.status === 200) {
        showQuote(answer.body, digits);
      } else if (answer.status === 400) {
        refuseShipping(answer.body);
      } else {
        quotedFor = null;
        unknownQuote();
      }
    }).catch(function () {
      if (asked === quoteAsked) {
        quoteRegion.removeAttribute("aria-busy");
        quotedFor = null;
        unknownQuote();
      }
    });
  }

  function line(text, className) {
    var p = document.createElement("p");
    p.textContent = text;
    if (className) {
      p.className = className;
    }
    return p;
  }

  function days(delivery) {
    var plural = function (n) {
      return n + (n === 1 ? " day" : " days");
    };
    if (delivery.minDays != null && delivery.maxDays != null) {
      return delivery.minDays === delivery.maxDays ? plural(delivery.maxDays)
        : delivery.minDays + "–" + plural(delivery.maxDays);
    }
    return delivery.maxDays != null ? "up to " + plural(delivery.maxDays) : "from " + plural(delivery.minDays);
  }

  function showQuote(quote, digits) {
    markCountry(null);
    quoteRegion.textContent = "";
    if (!quote) {
      return;
    }
    var shipping = line("Shipping (" + quote.methodName + ") ", "cart-total");
    var amount = document.createElement("strong");
    amount.setAttribute("data-quote", "shipping");
    amount.textContent = quote.amount === 0 ? "Free" : money(quote.amount, quote.currency, digits);
    shipping.appendChild(amount);
    quoteRegion.appendChild(shipping);
    if (quote.estimatedDelivery) {
      var delivery = line("Estimated delivery: " + days(quote.estimatedDelivery), "muted");
      delivery.setAttribute("data-quote", "delivery");
      quoteRegion.appendChild(delivery);
    }
    var total = line("Total to pay ", "cart-total");
    var sum = document.createElement("strong");
    sum.setAttribute("data-quote", "total");
    sum.textContent = money(quote.total, quote.currency, digits);
    total.appendChild(sum);
    quoteRegion.appendChild(total);
  }

  // No rule covers the cart: the API's own message, next to the country when it is the country; no paying until then.
  function refuseShipping(problem) {
    var errors = (problem && problem.errors) || [];
    var byCountry = errors.filter(function (e) {
      return e.field === "shippingAddress.country";
    })[0];
    quoteRegion.textContent = "";
    if (byCountry) {
      markCountry(byCountry.message);
      var chosen = country.options[country.selectedIndex];
      quoteRegion.appendChild(line("We cannot ship this cart to " + (chosen ? chosen.text : country.value)
        + ". Please choose another country.", "quote-refused"));
    } else {
      markCountry(null);
      quoteRegion.appendChild(line(errors.length ? errors[0].message
        : (problem && problem.detail) || "Shipping cannot be worked out for this cart.", "quote-refused"));
    }
    shippingRefused = true;
    submit.disabled = true;
  }

  function unknownQuote() {
    markCountry(null);
    quoteRegion.textContent = "";
    quoteRegion.appendChild(line("Shipping will be worked out when you pay.", "muted"));
  }

  // The country field's own note from the quote; null clears it and lets "Pay" work again.
  function markCountry(message) {
    countryNote.textContent = message || "";
    countryNote.hidden = !message;
    if (message) {
      country.setAttribute("aria-invalid", "true");
      country.setAttribute("aria-describedby", countryNote.id);
    } else if (country.getAttribute("aria-describedby") === countryNote.id) {
      country.removeAttribute("aria-invalid");
      country.removeAttribute("aria-describedby");
    }
    if (!message && shippingRefused) {
      shippingRefused = false;
      submit.disabled = false;
    }
  }

  function payWith() {
    var chosen = form.querySelector('input[name="payWith"]:checked');
    return chosen ? chosen.value : "card";
  }

  // The same checkout id as long as the cart, the address and the way to pay stay the same.
  function checkoutId(body) {
    var fingerprint = JSON.stringify(body);
    try {
      var stored = JSON.parse(sessionStorage.getItem(CHECKOUT_KEY) || "null");
      if (stored && stored.fingerprint === fingerprint) {
        return stored.id;
      }
    } catch (e) {
      // A new one below.
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var id = "co_" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
    sessionStorage.setItem(CHECKOUT_KEY, JSON.stringify({fingerprint: fingerprint, id: id}));
    return id;
  }

  function request() {
    var lines = cart();
    var value = function (id) {
      var text = document.getElementById(id).value.trim();
      return text === "" ? null : text;
    };
    return {
      email: value("email"),
      items: Object.keys(lines).map(function (id) {
        return {productId: id, quantity: lines[id]};
      }),
      shippingAddress: {
        name: value("name"), line1: value("line1"), line2: value("line2"), city: value("city"),
        state: null, postalCode: value("postalCode"), country: value("country")
      }
    };
  }

  function clearErrors() {
    errorBox.hidden = true;
    errorBox.textContent = "";
    form.querySelectorAll(".field-error:not([data-quote])").forEach(function (el) {
      el.remove();
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      if (el !== country || !shippingRefused) {
        el.removeAttribute("aria-invalid");
        el.removeAttribute("aria-describedby");
      }
    });
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    errorBox.focus && errorBox.focus();
  }

  function showFieldErrors(errors) {
    var first = null;
    (errors || []).forEach(function (error, index) {
      var input = form.querySelector('[name="' + error.field + '"]');
      if (!input) {
        return;
      }
      var note = document.createElement("p");
      note.className = "field-error";
      note.id = "error-" + index;
      note.textContent = error.message;
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", note.id);
      input.insertAdjacentElement("afterend", note);
      first = first || input;
    });
    if (first) {
      first.focus();
    }
  }

  function busy(on) {
    submit.disabled = on || shippingRefused;
    submit.textContent = on ? "Working…" : "Pay";
  }

  function post(path, body) {
    return fetch(path, {
      method: "POST",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () {
        return {};
      }).then(function (json) {
        return {status: response.status, body: json};
      });
    });
  }

  function refused(answer) {
    if (answer.body && answer.body.errors) {
      showFieldErrors(answer.body.errors);
    }
    if (answer.body && answer.body.code === "out_of_stock") {
      showError("Some items are no longer available in that quantity. Please change your cart.");
    } else {
      showError(answer.body && answer.body.detail ? answer.body.detail : "The checkout could not start. Please try again.");
    }
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "payWith") {
      render();
    } else if (event.target === country) {
      askQuote(cart());
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (shippingRefused) {
      return;
    }
    clearErrors();
    var body = request();
    var way = payWith();
    body.checkoutId = checkoutId({body: body, way: way});
    busy(true);
    var path = way === "card" ? "/api/create-payment-intent" : "/api/payments/create-checkout-session";
    post(path, body).then(function (answer) {
      if (answer.status !== 200 && answer.status !== 201) {
        busy(false);
        refused(answer);
        return;
      }
      if (way === "checkout") {
        localStorage.removeItem(CART_KEY);
        window.location.assign(answer.body.url);
        return;
      }
      if (!stripe) {
        busy(false);
        showError("Card payments are not available right now: Stripe.js did not load.");
        return;
      }
      return stripe.confirmCardPayment(answer.body.clientSecret, {
        payment_method: {card: card, billing_details: {name: body.shippingAddress.name, email: body.email}}
      }).then(function (result) {
        if (result.error) {
          busy(false);
          showError(result.error.message || "Your card was declined.");
          return;
        }
        localStorage.removeItem(CART_KEY);
        sessionStorage.removeItem(CHECKOUT_KEY);
        window.location.assign("/payment/success?payment_intent=" + encodeURIComponent(result.paymentIntent.id));
      });
    }).catch(function () {
      busy(false);
      showError("We could not reach the shop. Please check your connection and try again.");
    });
  });

  errorBox.setAttribute("tabindex", "-1");
  render();
})();
