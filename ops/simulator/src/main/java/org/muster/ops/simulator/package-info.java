/**
 * The simulator: realistic scenarios in real places, played against a running Muster through its public interface
 * only (REST today; the device protocols as they arrive). The demo of the run command is its Luding scenario.
 */
package org.muster.ops.simulator;
