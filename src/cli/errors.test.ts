// The CLI's one-line error messages.
import { describe, expect, it } from '@jest/globals';
import { cliErrorMessage } from './errors.js';

describe('cliErrorMessage', () => {
  it('keeps only the Status message of an API error, without the webhook prefix', () => {
    const err = Object.assign(new Error('HTTP-Code: 400\nMessage: Unknown API Status Code!\nBody: …\nHeaders: …'), {
      code: 400,
      body: JSON.stringify({ kind: 'Status', message: 'admission webhook "vdispatch.kubenomad.io" denied the request: missing required meta keys ADDRESS', reason: 'BadRequest' }),
    });
    expect(cliErrorMessage(err)).toBe('missing required meta keys ADDRESS (HTTP 400)');
  });

  it('keeps the first line of other errors', () => {
    expect(cliErrorMessage(new Error('boom\n  at x'))).toBe('boom');
  });
});
