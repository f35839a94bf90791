/*
 * Checkstand's Stripe.js stand-in, served by the Stripe simulator at /v3/ in place of https://js.stripe.com/v3/.
 *
 * It offers the part of Stripe.js a checkout page uses, with Stripe.js's names and result shapes: Stripe(key),
 * stripe.elements(), 'card' and 'payment' Elements, confirmCardPayment, confirmPayment, retrievePaymentIntent and
 * handleNextAction. Typed card numbers are Stripe's test numbers; each is confirmed with the simulator's matching
 * test PaymentMethod (pm_card_visa, ...), since the simulator takes no raw card numbers. A 3-D Secure challenge is
 * shown as an in-page dialog and answered through the simulator's challenge page.
 *
 * Written for Checkstand; plain JavaScript, no dependencies, no build step. See simulator/README.md,
 * "Stripe.js stand-in", for what it does and does not do.
 */
(function () {
  'use strict';

  /** Written in by the simulator when it serves this file: {apiBase, testCards: {number: alias}}. */
  const SIMULATOR = __SIMULATOR_CONFIG__;

  /** Thrown (or rejected with) for a mistake in the page's code, as Stripe.js does. */
  class IntegrationError extends Error {
    constructor(message) {
      super(message);
      this.name = 'IntegrationError';
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Card numbers, expiry dates and security codes

  /** Card brands by number prefix, with the number lengths and security code lengths each takes. */
  const BRANDS = [
    {brand: 'amex', prefix: /^3[47]/, lengths: [15], groups: [4, 6, 5], cvc: [4]},
    {brand: 'diners', prefix: /^3(0[0-5]|[689])/, lengths: [14, 16], groups: [4, 6, 4], cvc: [3]},
    {brand: 'jcb', prefix: /^35/, lengths: [16], groups: [4, 4, 4, 4], cvc: [3]},
    {brand: 'discover', prefix: /^(6011|64[4-9]|65)/, lengths: [16], groups: [4, 4, 4, 4], cvc: [3]},
    {brand: 'unionpay', prefix: /^62/, lengths: [16, 17, 18, 19], groups: [4, 4, 4, 4, 3], cvc: [3]},
    {brand: 'mastercard', prefix: /^(5[1-5]|2(22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/, lengths: [16],
      groups: [4, 4, 4, 4], cvc: [3]},
    {brand: 'visa', prefix: /^4/, lengths: [16], groups: [4, 4, 4, 4], cvc: [3]},
  ];
  const UNKNOWN_BRAND = {brand: 'unknown', lengths: [16], groups: [4, 4, 4, 4], cvc: [3, 4]};

  const MESSAGES = {
    incomplete_number: 'Your card number is incomplete.',
    invalid_number: 'Your card number is invalid.',
    incomplete_expiry: "Your card's expiration date is incomplete.",
    invalid_expiry_month: "Your card's expiration month is invalid.",
    invalid_expiry_year_past: "Your card's expiration year is in the past.",
    invalid_expiry_month_past: "Your card's expiration date is in the past.",
    incomplete_cvc: "Your card's security code is incomplete.",
    invalid_cvc: "Your card's security code is invalid.",
  };

  function validationError(code) {
    return {type: 'validation_error', code: code, message: MESSAGES[code]};
  }

  function digitsOf(text) {
    return String(text || '').replace(/\D/g, '');
  }

  function brandOf(digits) {
    return BRANDS.find((candidate) => candidate.prefix.test(digits)) || UNKNOWN_BRAND;
  }

  function passesLuhn(digits) {
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let digit = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) {
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      }
      sum += digit;
    }
    return digits.length > 0 && sum % 10 === 0;
  }

  /** Digits grouped for reading, e.g. "4242 4242 4242 4242" or "3782 822463 10005". */
  function groupDigits(digits, brand) {
    const parts = [];
    let start = 0;
    for (const size of brand.groups) {
      if (start >= digits.length) {
        break;
      }
      parts.push(digits.slice(start, start + size));
      start += size;
    }
    return parts.join(' ');
  }

  /**
   * A field's state: empty, complete, and two kinds of error. `error` is shown at once (the input cannot become
   * right by typing more); `unfinished` only once the customer has left the field or tries to pay.
   */
  function fieldState(empty, complete, error, unfinished) {
    return {empty: empty, complete: complete, error: error || null, unfinished: unfinished || null};
  }

  function numberState(digits) {
    const brand = brandOf(digits);
    const longest = Math.max.apply(null, brand.lengths);
    if (digits.length === 0) {
      return fieldState(true, false, null, 'incomplete_number');
    }
    if (brand.lengths.includes(digits.length) && passesLuhn(digits)) {
      return fieldState(false, true);
    }
    if (digits.length >= longest) {
      return fieldState(false, false, 'invalid_number');
    }
    return fieldState(false, false, null,
        brand.lengths.includes(digits.length) ? 'invalid_number' : 'incomplete_number');
  }

  /** "MM / YY" as typed (also "MM/YY", "MMYY", "MM / YYYY") to its digits, "MMYY". */
  function expiryDigits(text) {
    const written = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(String(text || ''));
    if (written) {
      return written[1].padStart(2, '0') + written[2].slice(-2);
    }
    return digitsOf(text).slice(0, 4);
  }

  function expiryState(digits, now) {
    if (digits.length === 0) {
      return fieldState(true, false, null, 'incomplete_expiry');
    }
    const month = Number(digits.slice(0, 2));
    if (digits.length >= 2 && (month < 1 || month > 12)) {
      return fieldState(false, false, 'invalid_expiry_month');
    }
    if (digits.length < 4) {
      return fieldState(false, false, null, 'incomplete_expiry');
    }
    const year = 2000 + Number(digits.slice(2, 4));
    if (year < now.getFullYear()) {
      return fieldState(false, false, 'invalid_expiry_year_past');
    }
    if (year === now.getFullYear() && month < now.getMonth() + 1) {
      return fieldState(false, false, 'invalid_expiry_month_past');
    }
    return fieldState(false, true);
  }

  function cvcState(digits, brand) {
    if (digits.length === 0) {
      return fieldState(true, false, null, 'incomplete_cvc');
    }
    if (brand.cvc.includes(digits.length)) {
      return fieldState(false, true);
    }
    if (digits.length > Math.max.apply(null, brand.cvc)) {
      return fieldState(false, false, 'invalid_cvc');
    }
    return fieldState(false, false, null, 'incomplete_cvc');
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Looks: one small style sheet, added once

  const STYLE_ID = 'checkstand-stripe-stand-in-styles';
  const STYLES = [
    '.CheckstandCard{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.6em .75em;font:inherit;color:#30313d}',
    '.CheckstandCard-field{display:flex;flex-direction:column;flex:1 1 6em;min-width:5.5em}',
    '.CheckstandCard-field--number{flex:3 1 14em}',
    '.CheckstandCard--payment .CheckstandCard-field--number{flex-basis:100%}',
    '.CheckstandCard label{font-size:.85em;margin-bottom:.25em}',
    '.CheckstandCard input{font:inherit;padding:.55em .65em;border:1px solid #8c8f99;border-radius:5px;',
    'background:#fff;color:#30313d;min-width:0}',
    '.CheckstandCard input:focus-visible{outline:2px solid #0570de;outline-offset:1px;border-color:#0570de}',
    '.CheckstandCard input[aria-invalid="true"]{border-color:#df1b41}',
    '.CheckstandCard-error{flex-basis:100%;color:#df1b41;font-size:.85em;min-height:1.2em;margin:0}',
    '.CheckstandCard-note{flex-basis:100%;color:#6d6e78;font-size:.8em;margin:0}',
    '.CheckstandChallenge{position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;',
    'justify-content:center;background:rgba(26,27,37,.55);font-family:system-ui,sans-serif}',
    '.CheckstandChallenge-dialog{background:#fff;color:#30313d;border-radius:8px;padding:1.5em;',
    'width:calc(100% - 2em);max-width:26em;box-shadow:0 10px 40px rgba(0,0,0,.3)}',
    '.CheckstandChallenge-dialog h2{margin:0 0 .5em;font-size:1.25em}',
    '.CheckstandChallenge-buttons{display:flex;flex-wrap:wrap;gap:.75em;margin-top:1.25em}',
    '.CheckstandChallenge button{font:inherit;padding:.6em 1em;border-radius:5px;border:1px solid #0570de;',
    'cursor:pointer;background:#fff;color:#0570de}',
    '.CheckstandChallenge button.CheckstandChallenge-complete{background:#0570de;color:#fff}',
    '.CheckstandChallenge button:focus-visible{outline:3px solid #30313d;outline-offset:2px}',
  ].join('');

  function addStyles() {
    if (!document.getElementById(STYLE_ID)) {
      const style = document.createElement('style');
      style.id = STYLE_ID;
      style.textContent = STYLES;
      document.head.appendChild(style);
    }
  }

  /** A DOM element with attributes and children (strings become text). */
  function node(tag, attributes, children) {
    const element = document.createElement(tag);
    Object.keys(attributes || {}).forEach((name) => element.setAttribute(name, attributes[name]));
    (children || []).forEach((child) => element.append(child));
    return element;
  }

  let nextId = 1;

  // ---------------------------------------------------------------------------------------------------------------
  // Elements: the card form fragment

  const ELEMENT_TYPES = ['card', 'payment'];
  const EVENT_NAMES = ['change', 'ready', 'focus', 'blur'];

  /**
   * A 'card' or 'payment' Element: labelled inputs for the card number, the expiry date and the security code,
   * mounted into the page itself (Stripe.js uses an iframe). The container gets Stripe.js's StripeElement classes.
   */
  class CardElement {
    constructor(type, options, onDestroy) {
      this._type = type;
      this._options = options || {};
      this._onDestroy = onDestroy;
      this._handlers = {};
      this._touched = {};
      this._container = null;
      this._destroyed = false;
      this._lastChange = null;
      this._build();
    }

    mount(target) {
      if (this._destroyed) {
        throw new IntegrationError('This Element has been destroyed; create a new one.');
      }
      if (this._container) {
        throw new IntegrationError('This Element is already mounted; unmount it first.');
      }
      const container = typeof target === 'string' ? document.querySelector(target) : target;
      if (!(container instanceof HTMLElement)) {
        throw new IntegrationError('The selector you specified (' + target + ') applies to no DOM elements that '
            + 'are currently on the page. Make sure the element exists on the page before calling mount().');
      }
      addStyles();
      this._container = container;
      container.classList.add(this._class('base', 'StripeElement'));
      container.appendChild(this._root);
      this._update(false);
      setTimeout(() => this._emit('ready', {elementType: this._type}), 0);
    }

    unmount() {
      if (this._container) {
        this._root.remove();
        this._container.classList.remove(this._class('base', 'StripeElement'), this._class('focus'),
            this._class('invalid'), this._class('complete'), this._class('empty'));
        this._container = null;
      }
    }

    destroy() {
      this.unmount();
      this._destroyed = true;
      this._onDestroy();
    }

    on(event, handler) {
      if (!EVENT_NAMES.includes(event)) {
        throw new IntegrationError('The stand-in does not send "' + event + '" events; it sends '
            + EVENT_NAMES.join(', ') + '.');
      }
      (this._handlers[event] = this._handlers[event] || []).push(handler);
      return this;
    }

    off(event, handler) {
      this._handlers[event] = (this._handlers[event] || []).filter((known) => known !== handler);
      return this;
    }

    focus() {
      this._inputs.number.focus();
    }

    blur() {
      if (this._root.contains(document.activeElement)) {
        document.activeElement.blur();
      }
    }

    clear() {
      Object.values(this._inputs).forEach((input) => {
        input.value = '';
      });
      this._touched = {};
      this._update(true);
    }

    _build() {
      const id = 'checkstand-card-' + nextId++;
      const field = (name, label, attributes) => {
        const input = node('input', Object.assign({
          id: id + '-' + name, type: 'text', inputmode: 'numeric', autocorrect: 'off', spellcheck: 'false',
          'aria-invalid': 'false',
        }, attributes));
        const wrapper = node('div', {class: 'CheckstandCard-field CheckstandCard-field--' + name},
            [node('label', {for: input.id}, [label]), input]);
        return {input: input, wrapper: wrapper};
      };
      const number = field('number', 'Card number', {name: 'cardnumber', autocomplete: 'cc-number',
        placeholder: '1234 1234 1234 1234', maxlength: '23'});
      const expiry = field('expiry', 'Expiry (MM / YY)', {name: 'exp-date', autocomplete: 'cc-exp',
        placeholder: 'MM / YY', maxlength: '9'});
      const cvc = field('cvc', 'CVC', {name: 'cvc', autocomplete: 'cc-csc', placeholder: 'CVC',
        maxlength: '4'});
      this._inputs = {number: number.input, expiry: expiry.input, cvc: cvc.input};
      const children = [number.wrapper, expiry.wrapper, cvc.wrapper];
      if (this._type === 'payment') {
        // Stripe's Payment Element shows its errors itself; with the card Element the page shows them.
        this._message = node('p', {id: id + '-error', class: 'CheckstandCard-error', 'aria-live': 'polite'});
        Object.values(this._inputs).forEach((input) => input.setAttribute('aria-describedby', this._message.id));
        children.push(this._message,
            node('p', {class: 'CheckstandCard-note'}, ['Test mode: the Checkstand Stripe simulator.']));
      }
      this._root = node('div', {
        class: 'CheckstandCard CheckstandCard--' + this._type, role: 'group', 'aria-label': 'Card details',
        'data-stripe-stand-in': this._type,
      }, children);
      number.input.addEventListener('input', () => this._formatNumber());
      expiry.input.addEventListener('input', (event) => this._formatExpiry(event));
      cvc.input.addEventListener('input', () => {
        cvc.input.value = digitsOf(cvc.input.value).slice(0, 4);
      });
      Object.keys(this._inputs).forEach((name) => {
        const input = this._inputs[name];
        input.addEventListener('input', () => this._update(true));
        input.addEventListener('focus', (event) => this._focusMoved(event, true));
        input.addEventListener('blur', (event) => {
          this._touched[name] = true;
          this._focusMoved(event, false);
          this._update(true);
        });
      });
    }

    _formatNumber() {
      const input = this._inputs.number;
      if (input.selectionStart !== input.value.length) {
        return; // Editing in the middle: leave the text alone rather than jump the caret.
      }
      const brand = brandOf(digitsOf(input.value));
      const digits = digitsOf(input.value).slice(0, Math.max.apply(null, brand.lengths));
      input.value = groupDigits(digits, brand);
    }

    _formatExpiry(event) {
      const input = this._inputs.expiry;
      if (input.selectionStart !== input.value.length) {
        return;
      }
      let digits = expiryDigits(input.value);
      if (digits.length === 1 && digits > '1') {
        digits = '0' + digits;
      }
      const deleting = Boolean(event.inputType) && event.inputType.indexOf('delete') === 0;
      input.value = digits.length > 2 || (digits.length === 2 && !deleting)
          ? digits.slice(0, 2) + ' / ' + digits.slice(2) : digits;
    }

    _focusMoved(event, entering) {
      const other = event.relatedTarget;
      if (other && this._root.contains(other)) {
        return; // From one of our inputs to another: still focused as a whole.
      }
      if (this._container) {
        this._container.classList.toggle(this._class('focus'), entering);
      }
      this._emit(entering ? 'focus' : 'blur', {elementType: this._type});
    }

    /** The states of the three fields, in the order their errors are reported. */
    _states() {
      const digits = digitsOf(this._inputs.number.value);
      return {
        number: numberState(digits),
        expiry: expiryState(expiryDigits(this._inputs.expiry.value), new Date()),
        cvc: cvcState(digitsOf(this._inputs.cvc.value), brandOf(digits)),
      };
    }

    /** Marks fields, updates the container's classes and the message, and sends a change event if anything changed. */
    _update(notify) {
      const states = this._states();
      let shown = null;
      Object.keys(states).forEach((name) => {
        const state = states[name];
        const code = state.error || (this._touched[name] && !state.empty ? state.unfinished : null)
            || (this._touched.all ? state.unfinished : null);
        this._inputs[name].setAttribute('aria-invalid', code ? 'true' : 'false');
        shown = shown || code;
      });
      const empty = Object.values(states).every((state) => state.empty);
      const complete = Object.values(states).every((state) => state.complete);
      if (this._container) {
        this._container.classList.toggle(this._class('invalid'), Boolean(shown));
        this._container.classList.toggle(this._class('complete'), complete);
        this._container.classList.toggle(this._class('empty'), empty);
      }
      if (this._message) {
        this._message.textContent = shown ? MESSAGES[shown] : '';
      }
      const change = {
        elementType: this._type,
        empty: empty,
        complete: complete,
        brand: brandOf(digitsOf(this._inputs.number.value)).brand,
        error: shown ? validationError(shown) : undefined,
      };
      if (this._type === 'payment') {
        change.value = {type: 'card'};
        change.collapsed = false;
      }
      const key = JSON.stringify(change);
      if (notify && key !== this._lastChange) {
        this._lastChange = key;
        this._emit('change', change);
      }
    }

    /** Before paying: every field counts as visited; the first error, or null when the card can be used. */
    _validate() {
      if (!this._container) {
        throw new IntegrationError('We could not retrieve data from the specified Element. Please make sure the '
            + 'Element you are attempting to use is still mounted.');
      }
      this._touched.all = true;
      this._update(true);
      const states = this._states();
      for (const name of Object.keys(states)) {
        if (!states[name].complete) {
          return validationError(states[name].error || states[name].unfinished);
        }
      }
      return null;
    }

    _cardNumber() {
      return digitsOf(this._inputs.number.value);
    }

    _class(name, fallback) {
      const classes = this._options.classes || {};
      return classes[name] || fallback || 'StripeElement--' + name;
    }

    _emit(event, payload) {
      (this._handlers[event] || []).slice().forEach((handler) => {
        try {
          handler(payload);
        } catch (error) {
          setTimeout(() => {
            throw error;
          }, 0);
        }
      });
    }
  }

  /** stripe.elements(): a group holding at most one Element of each type, and the options it was made with. */
  class Elements {
    constructor(options) {
      this._options = Object.assign({}, options);
      this._elements = {};
    }

    create(type, options) {
      if (!ELEMENT_TYPES.includes(type)) {
        throw new IntegrationError('The Stripe.js stand-in has no "' + type + '" Element; it offers '
            + ELEMENT_TYPES.join(' and ') + '.');
      }
      if (this._elements[type]) {
        throw new IntegrationError('Can only create one Element of type ' + type + '.');
      }
      const element = new CardElement(type, options, () => {
        delete this._elements[type];
      });
      this._elements[type] = element;
      return element;
    }

    getElement(type) {
      return this._elements[type] || null;
    }

    /** Checks the mounted Element's input, as before a deferred confirmation: {} or {error}. */
    async submit() {
      const element = this._cardElement();
      if (!element) {
        throw new IntegrationError('elements.submit(): create and mount a payment Element first.');
      }
      const error = element._validate();
      return error ? {error: error} : {};
    }

    _cardElement() {
      return this.getElement('payment') || this.getElement('card');
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The simulator's API, called as Stripe.js calls Stripe's: publishable key, client_secret, form-encoded bodies

  class Api {
    constructor(key, apiVersion) {
      this._key = key;
      this._apiVersion = apiVersion;
    }

    /** Resolves {object} for a 2xx answer, else {error} (Stripe's error object); never rejects. */
    async call(method, path, params) {
      const query = new URLSearchParams(params).toString();
      const headers = {Authorization: 'Bearer ' + this._key};
      if (this._apiVersion) {
        headers['Stripe-Version'] = this._apiVersion;
      }
      const init = {method: method, headers: headers, mode: 'cors', credentials: 'omit'};
      let url = SIMULATOR.apiBase + path;
      if (method === 'GET') {
        url += '?' + query;
      } else {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        init.body = query;
      }
      let response;
      try {
        response = await fetch(url, init);
      } catch (unreachable) {
        return {error: connectionError()};
      }
      let json;
      try {
        json = await response.json();
      } catch (notJson) {
        return {error: {type: 'api_error', message: 'The Stripe simulator answered ' + response.status
              + ' without JSON.'}};
      }
      return response.ok ? {object: json} : {error: json.error || {type: 'api_error', message: 'HTTP '
            + response.status}};
    }
  }

  function connectionError() {
    return {type: 'api_connection_error', message: 'Could not reach the Stripe simulator at ' + SIMULATOR.apiBase
          + '.'};
  }

  /** The PaymentIntent id in a client secret ("pi_123_secret_abc" → "pi_123"). */
  function intentId(clientSecret, method) {
    const match = /^(pi_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/.exec(String(clientSecret || ''));
    if (!match) {
      throw new IntegrationError('Invalid value for ' + method + ' intent secret: value should be a client_secret '
          + 'string. You specified: ' + clientSecret + '.');
    }
    return match[1];
  }

  // ---------------------------------------------------------------------------------------------------------------
  // 3-D Secure: an in-page dialog, answered through the simulator's challenge page

  /** The amount as the customer reads it, e.g. "$20.00" for 2000 usd. */
  function formatAmount(amount, currency) {
    try {
      const format = new Intl.NumberFormat(undefined, {style: 'currency', currency: currency.toUpperCase()});
      return format.format(amount / Math.pow(10, format.resolvedOptions().maximumFractionDigits));
    } catch (unknownCurrency) {
      return amount + ' ' + currency;
    }
  }

  /** Shows the challenge dialog; resolves true when the customer completes it, false when they fail it (or Escape). */
  function askForAuthentication(intent) {
    return new Promise((resolve) => {
      addStyles();
      const id = 'checkstand-challenge-' + nextId++;
      const complete = node('button', {type: 'button', class: 'CheckstandChallenge-complete'},
          ['Complete authentication']);
      const fail = node('button', {type: 'button', class: 'CheckstandChallenge-fail'}, ['Fail authentication']);
      const dialog = node('div', {
        class: 'CheckstandChallenge-dialog', role: 'dialog', 'aria-modal': 'true',
        'aria-labelledby': id + '-title', 'aria-describedby': id + '-text',
      }, [
        node('h2', {id: id + '-title'}, ['3-D Secure authentication']),
        node('p', {id: id + '-text'}, ['Your bank asks you to confirm this payment of '
            + formatAmount(intent.amount, intent.currency) + '. This is a test challenge from the Checkstand Stripe '
            + 'simulator: choose how the authentication ends. Escape fails it.']),
        node('div', {class: 'CheckstandChallenge-buttons'}, [complete, fail]),
      ]);
      const overlay = node('div', {class: 'CheckstandChallenge'}, [dialog]);
      const previous = document.activeElement;
      const onKey = (event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          finish(false);
        } else if (event.key === 'Tab') {
          // Keep focus inside the dialog: the two buttons take turns.
          event.preventDefault();
          (document.activeElement === complete ? fail : complete).focus();
        }
      };
      const finish = (succeed) => {
        document.removeEventListener('keydown', onKey, true);
        overlay.remove();
        if (previous && typeof previous.focus === 'function') {
          previous.focus();
        }
        resolve(succeed);
      };
      complete.addEventListener('click', () => finish(true));
      fail.addEventListener('click', () => finish(false));
      document.addEventListener('keydown', onKey, true);
      document.body.appendChild(overlay);
      complete.focus();
    });
  }

  /** Where the simulator's challenge for this next_action lives (its /3ds/ page). */
  function challengeUrl(nextAction) {
    if (nextAction && nextAction.type === 'use_stripe_sdk' && nextAction.use_stripe_sdk) {
      return nextAction.use_stripe_sdk.stripe_js;
    }
    if (nextAction && nextAction.type === 'redirect_to_url' && nextAction.redirect_to_url) {
      return nextAction.redirect_to_url.url;
    }
    return null;
  }

  /** Answers the challenge as its page's buttons do; the page's redirect to return_url is not followed. */
  async function answerChallenge(url, succeed) {
    try {
      await fetch(url, {
        method: 'POST', mode: 'cors', credentials: 'omit', redirect: 'manual',
        headers: {'Content-Type': 'application/x-www-form-urlencoded'},
        body: 'outcome=' + (succeed ? 'complete' : 'fail'),
      });
      return null;
    } catch (unreachable) {
      return connectionError();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Stripe(key): the object a page pays with

  /** The answer for a card number that is not one of the simulator's test cards, as Stripe answers a real card in test mode. */
  function notATestCard() {
    return {
      type: 'card_error', code: 'card_declined', decline_code: 'test_mode_live_card',
      message: 'Your card was declined. Your request was in test mode, but used a non test card. For a list of '
          + 'valid test cards, see the Checkstand simulator\'s README ("Stripe.js stand-in").',
    };
  }

  class StripeStandIn {
    constructor(key, options) {
      if (typeof key !== 'string' || key.length === 0) {
        throw new IntegrationError('Please call Stripe() with your publishable key. You used an empty string.');
      }
      if (key.indexOf('sk_') === 0) {
        throw new IntegrationError('You should not use your secret key with Stripe.js. Please pass a publishable '
            + 'key instead.');
      }
      this._api = new Api(key, (options || {}).apiVersion);
    }

    elements(options) {
      return new Elements(options);
    }

    /** Confirms with a card Element ({payment_method: {card}}), a PaymentMethod id, or what the PaymentIntent has. */
    async confirmCardPayment(clientSecret, data, options) {
      const id = intentId(clientSecret, 'confirmCardPayment');
      const given = (data || {}).payment_method;
      const source = given && typeof given === 'object' ? {element: given.card} : {paymentMethod: given};
      if (source.element !== undefined && !(source.element instanceof CardElement)) {
        throw new IntegrationError('confirmCardPayment: payment_method.card must be a card or payment Element.');
      }
      const extra = (data || {}).return_url ? {return_url: data.return_url} : {};
      const handleActions = (options || {}).handleActions !== false;
      return this._confirm(id, clientSecret, source, extra, handleActions);
    }

    /** Confirms with the Elements' card input; then goes to return_url, or with redirect 'if_required' resolves. */
    async confirmPayment(options) {
      const settings = options || {};
      const redirect = settings.redirect || 'always';
      const confirmParams = settings.confirmParams || {};
      if (redirect !== 'always' && redirect !== 'if_required') {
        throw new IntegrationError('confirmPayment: redirect must be "always" or "if_required".');
      }
      const elements = settings.elements instanceof Elements ? settings.elements : null;
      const clientSecret = settings.clientSecret || (elements && elements._options.clientSecret);
      const id = intentId(clientSecret, 'confirmPayment');
      if (redirect === 'always' && !confirmParams.return_url) {
        throw new IntegrationError('confirmPayment: confirmParams.return_url is required unless you pass '
            + 'redirect: "if_required".');
      }
      let source;
      if (typeof confirmParams.payment_method === 'string') {
        source = {paymentMethod: confirmParams.payment_method};
      } else {
        const element = elements && elements._cardElement();
        if (!element) {
          throw new IntegrationError('confirmPayment: pass the elements that hold a mounted payment Element.');
        }
        source = {element: element};
      }
      const extra = confirmParams.return_url ? {return_url: confirmParams.return_url} : {};
      const result = await this._confirm(id, clientSecret, source, extra, true);
      if (result.error || redirect === 'if_required') {
        return result;
      }
      window.location.assign(returnUrl(confirmParams.return_url, result.paymentIntent));
      return new Promise(() => {}); // The page is leaving, as with Stripe.js.
    }

    async retrievePaymentIntent(clientSecret) {
      const id = intentId(clientSecret, 'retrievePaymentIntent');
      const answer = await this._api.call('GET', '/v1/payment_intents/' + id, {client_secret: clientSecret});
      return answer.error ? {error: answer.error} : {paymentIntent: answer.object};
    }

    /** Runs the PaymentIntent's 3-D Secure challenge, when it has one, after a confirmation made by the server. */
    async handleNextAction(options) {
      const clientSecret = (options || {}).clientSecret;
      const read = await this.retrievePaymentIntent(clientSecret);
      return read.error ? read : this._authenticate(read.paymentIntent, clientSecret);
    }

    async _confirm(id, clientSecret, source, extra, handleActions) {
      const params = Object.assign({client_secret: clientSecret, use_stripe_sdk: 'true'}, extra);
      if (source.element) {
        const invalid = source.element._validate();
        if (invalid) {
          return {error: invalid};
        }
        const alias = SIMULATOR.testCards[source.element._cardNumber()];
        if (!alias) {
          return {error: notATestCard()};
        }
        params.payment_method = alias;
      } else if (source.paymentMethod) {
        params.payment_method = source.paymentMethod;
      }
      const answer = await this._api.call('POST', '/v1/payment_intents/' + id + '/confirm', params);
      if (answer.error) {
        return {error: answer.error};
      }
      return handleActions ? this._authenticate(answer.object, clientSecret) : {paymentIntent: answer.object};
    }

    /** Shows the challenge of a PaymentIntent in requires_action, answers it, and reports the PaymentIntent after. */
    async _authenticate(intent, clientSecret) {
      const url = intent.status === 'requires_action' ? challengeUrl(intent.next_action) : null;
      if (!url) {
        return {paymentIntent: intent};
      }
      const succeed = await askForAuthentication(intent);
      const unreachable = await answerChallenge(url, succeed);
      if (unreachable) {
        return {error: unreachable};
      }
      const read = await this.retrievePaymentIntent(clientSecret);
      if (read.error) {
        return read;
      }
      const after = read.paymentIntent;
      if (after.status === 'requires_payment_method' && after.last_payment_error) {
        return {error: Object.assign({}, after.last_payment_error, {payment_intent: after})};
      }
      return {paymentIntent: after};
    }
  }

  /** return_url with the PaymentIntent's id, client secret and how it went, as Stripe redirects. */
  function returnUrl(base, intent) {
    const url = new URL(base, window.location.href);
    url.searchParams.set('payment_intent', intent.id);
    url.searchParams.set('payment_intent_client_secret', intent.client_secret);
    url.searchParams.set('redirect_status', intent.status === 'processing' ? 'processing' : 'succeeded');
    return url.toString();
  }

  /** Stripe(publishableKey, options?): works with and without `new`, as Stripe.js's does. */
  function Stripe(publishableKey, options) {
    return new StripeStandIn(publishableKey, options);
  }

  window.Stripe = Stripe;
})();
