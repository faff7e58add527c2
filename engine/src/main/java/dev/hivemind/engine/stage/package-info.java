/**
 * The pipeline's stages, one small class each (000 init to 070 report), and the few pieces only stages use.
 * A stage reads what it needs from its {@link dev.hivemind.engine.StageContext} and returns a new state; it never prints.
 */
package dev.hivemind.engine.stage;
