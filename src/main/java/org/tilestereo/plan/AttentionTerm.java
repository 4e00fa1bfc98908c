package org.tilestereo.plan;

/**
 * The attention matrix of one Softmax over [..., heads, tokens, tokens]: tokens^2 x heads x batch
 * elements, the activation that grows with the square of the image area in a ViT. When the model
 * merges batch and heads into one leading dimension ([B*heads, T, T]) that product is reported as
 * heads with batch 1.
 *
 * @param node   the Softmax node's name (or a description when it has none)
 * @param batch  product of the dimensions before the heads
 * @param heads  the dimension before the two token dimensions
 * @param tokens the token count (both last dimensions)
 * @param bytes  batch x heads x tokens^2 x bytes per element
 */
public record AttentionTerm(String node, long batch, long heads, long tokens, long bytes) {
}
