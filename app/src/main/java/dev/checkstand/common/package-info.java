/** Values every module shares: money, ids and the problem type the web edge renders. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.checkstand.common;
