export { sampleBeta, sampleExponential, sampleGamma, sampleNormal } from './samplers.js';
export { createRandom, type RandomSource } from './source.js';
