package org.tilestereo.plan;

/**
 * A node whose output shapes cannot be worked out: an operator without a rule, an input whose value
 * the rule needs but nobody could compute, or shapes that contradict the operator. The memory model
 * never guesses; it stops here and says which node and why.
 */
public final class ShapePropagationException extends IllegalArgumentException {
    public ShapePropagationException(String message) {
        super(message);
    }
}
