package org.tilestereo.plan;

/** How one operator's output shapes (and, for small tensors, values) follow from its inputs. */
@FunctionalInterface
interface ShapeRule {
    void apply(OpContext c);
}
