/**
 * The likelihood and divergence terms shared by the backprop models, one equation per
 * function. Each reduces over the pixels (or latent units) of one image and returns [B];
 * the model takes the mean over the batch. Never one sum over B x 784 (it overflows float16).
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Bernoulli negative log-likelihood (binary cross-entropy) from logits l, summed over pixels:
 *   -log p(x|z) = -sum_d [x_d log s(l_d) + (1 - x_d) log(1 - s(l_d))] = sum_d [softplus(l_d) - x_d l_d]
 * The logit form needs no epsilon inside a log and is exact for any l.
 * [B, D], [B, D] -> [B]  (nats per image)
 */
export function bernoulliNllFromLogits(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  // softplus(l) = max(l, 0) + log(1 + exp(-|l|)), stable for large |l|
  const softplus = tf.add(tf.relu(logits), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  return tf.sum(tf.sub(softplus, tf.mul(x, logits)), 1);
}

/**
 * KL(N(mu, diag sigma^2) || N(0, I)) in closed form, summed over latent units:
 *   KL = 1/2 sum_j (mu_j^2 + sigma_j^2 - 1 - ln sigma_j^2)
 * [B, J], [B, J] -> [B]  (nats per image)
 */
export function klDiagGaussianToStdNormal(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  const perUnit = tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), 1), logVar);
  return tf.mul(0.5, tf.sum(perUnit, 1));
}
