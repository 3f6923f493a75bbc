import { initialConsent } from '../src/core/consent';

describe('the consent a page starts with', () => {
  it('is the answer the site gave earlier, whatever the script tag or GPC say', () => {
    expect(initialConsent('granted', true, true, true)).toEqual({ state: 'granted', gpc: true, source: 'site' });
    expect(initialConsent('denied', false, false, true)).toEqual({ state: 'denied', gpc: false, source: 'site' });
  });
  it('is denied under Global Privacy Control unless the site ignores it', () => {
    expect(initialConsent(null, false, true, true)).toEqual({ state: 'denied', gpc: true, source: 'gpc' });
    expect(initialConsent(null, false, true, false)).toEqual({ state: 'granted', gpc: true, source: 'default' });
  });
  it('else follows data-consent, and ignores a stored value that is no answer', () => {
    expect(initialConsent(null, true, false, true)).toEqual({ state: 'pending', gpc: false, source: 'default' });
    expect(initialConsent('pending', false, false, true)).toEqual({ state: 'granted', gpc: false, source: 'default' });
  });
});
