// Cryptographic primitives shared by the platform: digests (SHA-256, SM3), RFC 8785 canonical JSON,
// C2SP signed notes (Ed25519, witness cosignatures, SM2) and GB/T 32918 SM2 signatures.
export * from './digest.js';
export * from './jcs.js';
export * from './sm2.js';
export * from './note.js';
