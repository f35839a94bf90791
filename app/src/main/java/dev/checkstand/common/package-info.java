/**
 * Values every module shares: money, ids, the problem type the web edge renders, and what log lines are about
 * ({@link dev.checkstand.common.LogContext}, {@link dev.checkstand.common.EmailMask}).
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.checkstand.common;
