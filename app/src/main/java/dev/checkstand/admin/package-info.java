/** The admin API: full order views and operations, behind HTTP Basic with role ADMIN. */
package dev.checkstand.admin;
