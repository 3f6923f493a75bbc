/**
 * A webhook's JSON body, parsed from the raw bytes the signature was checked on. Two parsers:
 * `parseJson` (the platform's JSON.parse) for vendors whose ids are strings, and `parseJsonKeepingIds`
 * for Shopify, whose ids (`820982911946154508`) do not fit a double: JSON.parse would turn that one
 * into 820982911946154500. lossless-json reads every number from its text, and we keep the integers
 * a double cannot hold as the digits the vendor sent, so an order id is the vendor's own.
 * Either way a body that is not JSON is a WebhookBodyError (400, stored as a bad row).
 */
import { isSafeNumber, parse as parseLossless } from 'lossless-json';
import { WebhookBodyError } from '../types';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function parseJson(raw: Buffer): Json {
  try {
    return JSON.parse(raw.toString('utf8')) as Json;
  } catch (err) {
    throw new WebhookBodyError(`malformed JSON: ${(err as Error).message}`);
  }
}

/** a number as JavaScript can hold it, or the text the vendor sent when it cannot (big ids) */
const numberOrDigits = (text: string): number | string => (isSafeNumber(text) ? Number(text) : text);

/**
 * Sixteen digits in a row, anywhere: below that every integer is exact in a double, and the
 * platform's JSON.parse (about 7 times faster than lossless-json on a Shopify order) reads the body.
 */
const LONG_DIGITS = /\d{16}/;

export function parseJsonKeepingIds(raw: Buffer): Json {
  const text = raw.toString('utf8');
  if (!LONG_DIGITS.test(text)) return parseJson(raw);
  try {
    return parseLossless(text, null, numberOrDigits) as Json;
  } catch (err) {
    throw new WebhookBodyError(`malformed JSON: ${(err as Error).message}`);
  }
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as a JSON object, or a WebhookBodyError naming what it is instead. */
export function expectObject(value: Json, what: string): JsonObject {
  if (!isObject(value)) throw new WebhookBodyError(`${what} is not a JSON object`);
  return value;
}

/** A string field, or undefined when absent, null, empty or not a string. */
export function str(value: Json | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An id as a string, whether the vendor wrote it as a number or as text (`id: 42` → `"42"`). */
export function idString(value: Json | undefined): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return str(value);
}
