// Types of chain.js for the extension's unit test that proves the two sides agree (test/unit/record-chain.test.ts).
import type { KeyObject } from 'node:crypto';

export const GENESIS: string;
export function canonicalJson(value: unknown): string;
export function signedBytes(record: object): Buffer;
export function recordHash(record: object): string;
export function isPublicJwk(jwk: unknown): boolean;
export function importPublicJwk(jwk: unknown): KeyObject | null;
export function keyFingerprint(jwk: { kty: string; crv: string; x: string; y: string }): string;
export function chainFieldsProblem(record: Record<string, unknown>): string | null;
export function isSigned(record: object): boolean;
export function verifyRecord(record: object, key: KeyObject | null): boolean;
