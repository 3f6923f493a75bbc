/**
 * The Google Ads API's UploadClickConversions for `--send`: POST
 * https://googleads.googleapis.com/<version>/customers/<customer id>:uploadClickConversions with
 * `{"conversions": [...], "partialFailure": true}` ("This should always be set to true",
 * https://developers.google.com/google-ads/api/reference/rpc/latest/UploadClickConversionsRequest),
 * at most 2,000 conversions per request (https://developers.google.com/google-ads/api/docs/best-practices/quotas).
 * Headers: `Authorization: Bearer <OAuth access token>`, `developer-token`, and `login-customer-id`
 * when a manager account is used (https://developers.google.com/google-ads/api/rest/auth).
 * Each conversion: its click id (gclid, or gbraid / wbraid), conversionAction (the resource name
 * customers/<id>/conversionActions/<action id>), conversionDateTime (`yyyy-mm-dd hh:mm:ss+hh:mm`),
 * conversionValue and currencyCode, and orderId = the lake's event id (Google then counts one
 * conversion per order, whatever is sent twice).
 *
 * A 200 answer may still refuse some conversions: `partialFailureError.details[].errors[]`, each
 * with `location.fieldPathElements` naming `conversions` and its index; those are reported one by one.
 */
import type { GoogleConversion } from '../google-offline';
import type { Platform } from './sender';

export const GOOGLE_ADS_API_VERSION = 'v26';
export const GOOGLE_MAX_BATCH = 2000;

interface GoogleAdsError {
  errorCode?: Record<string, string>;
  message?: string;
  location?: { fieldPathElements?: { fieldName?: string; index?: number }[] };
}

function errorsOf(details: unknown): GoogleAdsError[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d) => (d && typeof d === 'object' && Array.isArray((d as { errors?: unknown[] }).errors) ? (d as { errors: GoogleAdsError[] }).errors : []));
}

const describe = (e: GoogleAdsError) => `${e.message ?? 'error'}${e.errorCode ? ` (${Object.values(e.errorCode).join(', ')})` : ''}`;

/** The API's ClickConversion of one conversion. */
export function clickConversion(c: GoogleConversion, customerId: string, actionId: string): Record<string, unknown> {
  return {
    ...(c.gclid ? { gclid: c.gclid } : c.gbraid ? { gbraid: c.gbraid } : { wbraid: c.wbraid }),
    conversionAction: `customers/${customerId}/conversionActions/${actionId}`,
    conversionDateTime: c.apiTime,
    ...(c.value !== null ? { conversionValue: c.value } : {}),
    ...(c.value !== null && c.currency ? { currencyCode: c.currency } : {}),
    orderId: c.event_id,
  };
}

export function googlePlatform(o: { customerId: string; developerToken: string; accessToken: string; loginCustomerId?: string; endpoint?: string }): Platform {
  return {
    label: 'Google',
    url: o.endpoint ?? `https://googleads.googleapis.com/${GOOGLE_ADS_API_VERSION}/customers/${o.customerId}:uploadClickConversions`,
    maxBatch: GOOGLE_MAX_BATCH,
    headers: () => ({
      'content-type': 'application/json',
      authorization: `Bearer ${o.accessToken}`,
      'developer-token': o.developerToken,
      ...(o.loginCustomerId ? { 'login-customer-id': o.loginCustomerId } : {}),
    }),
    body: (conversions) => JSON.stringify({ conversions, partialFailure: true }),
    read(answer, count) {
      const a = (answer ?? {}) as { partialFailureError?: { message?: string; details?: unknown }; jobId?: string };
      const rejected = errorsOf(a.partialFailureError?.details).map((e) => {
        const el = e.location?.fieldPathElements?.find((f) => f.fieldName === 'conversions');
        return { index: el?.index ?? -1, error: describe(e) };
      });
      const known = rejected.filter((r) => r.index >= 0);
      const note = `${count - known.length} of ${count} conversion${count === 1 ? '' : 's'} uploaded${a.jobId ? ` (job ${a.jobId})` : ''}${rejected.length > known.length ? `; ${a.partialFailureError?.message ?? ''}` : ''}`;
      return { rejected: known, note };
    },
    error(status, answer) {
      const e = (answer && typeof answer === 'object' ? (answer as { error?: { message?: string; status?: string; details?: unknown } }).error : null) ?? null;
      if (!e) return typeof answer === 'string' && answer ? answer.slice(0, 300) : `HTTP ${status}`;
      const inner = errorsOf(e.details).map(describe).join('; ');
      return [e.status, e.message, inner && `— ${inner}`].filter(Boolean).join(' ');
    },
  };
}
