/** What customers see of their orders, without credentials: redacted views found by payment ids. */
package dev.checkstand.storefront;
