/** Runnable programs that use arenagen as a user's build would. */
package io.arenagen.examples;
