/**
 * The simulator: realistic scenarios in real places, played against a running Muster through its public interface
 * only (REST and the device stream). Scenarios are data ({@link org.muster.ops.simulator.Scenario}): the forces of a
 * region, its roads and a script of incidents; the demo of the run command is the Luding one, the default.
 */
package org.muster.ops.simulator;
