/**
 * Configuration: one immutable {@link org.muster.server.config.MusterConfig} parsed once at start from defaults,
 * an optional properties file ({@code MUSTER_CONFIG}) and {@code MUSTER_*} environment variables, which win.
 * Nothing else in the server reads configuration; {@code Main} hands each part to what needs it.
 */
package org.muster.server.config;
