import { campaignKey, hasCampaign, parseCampaign } from '../src/core/campaign';

describe('parseCampaign', () => {
  it('reads all five utm parameters', () => {
    const c = parseCampaign(
      'https://shop.example/?utm_source=newsletter&utm_medium=email&utm_campaign=diwali_sale&utm_term=bikes&utm_content=hero',
    );
    expect(c.utm).toEqual({ source: 'newsletter', medium: 'email', campaign: 'diwali_sale', term: 'bikes', content: 'hero' });
    expect(c.click_ids).toEqual({});
  });

  it('omits absent and empty utm keys and ignores unknown utm_* names', () => {
    const c = parseCampaign('https://shop.example/p?utm_source=google&utm_medium=&utm_foo=x&q=1');
    expect(c.utm).toEqual({ source: 'google' });
  });

  it.each(['gclid', 'gbraid', 'wbraid', 'fbclid', 'msclkid', 'ttclid', 'li_fat_id', 'twclid', 'dclid', 'yclid'])(
    'keeps the %s click id',
    (name) => {
      expect(parseCampaign(`https://x.example/?${name}=abc-123`).click_ids).toEqual({ [name]: 'abc-123' });
    },
  );

  it('decodes values and caps them at 500 characters', () => {
    const long = 'a'.repeat(600);
    const c = parseCampaign(`https://x.example/?utm_campaign=summer%20sale&gclid=${long}`);
    expect(c.utm.campaign).toBe('summer sale');
    expect(c.click_ids.gclid).toHaveLength(500);
  });

  it('gives an empty campaign for URLs without parameters or unparsable URLs', () => {
    expect(hasCampaign(parseCampaign('https://x.example/about'))).toBe(false);
    expect(hasCampaign(parseCampaign('not a url'))).toBe(false);
  });

  it('identifies campaigns independently of parameter order', () => {
    const a = parseCampaign('https://x.example/?utm_source=a&gclid=1&utm_medium=b');
    const b = parseCampaign('https://x.example/?gclid=1&utm_medium=b&utm_source=a');
    expect(campaignKey(a)).toBe(campaignKey(b));
    expect(campaignKey(a)).not.toBe(campaignKey(parseCampaign('https://x.example/?utm_source=a&gclid=2&utm_medium=b')));
  });
});
