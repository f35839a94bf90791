/** Checkout: turns a cart into a pending order with reserved stock and a payment to complete. */
package dev.checkstand.checkout;
