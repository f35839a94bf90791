/** Infrastructure every module stands on: the database, security, the web edge and the start-up banner. */
package dev.checkstand.platform;
