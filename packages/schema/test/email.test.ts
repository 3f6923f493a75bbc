import { emailSha256, normalizeEmail } from '../src/node';

describe('an email as an id (contract §10)', () => {
  it('is trimmed and lower-cased before SHA-256, so every app spelling of one address is one id', () => {
    // `printf %s 'jane.doe@example.com' | sha256sum`, computed outside this code
    const id = '86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d';
    expect(emailSha256(' Jane.Doe@Example.COM\t')).toBe(id);
    expect(emailSha256('jane.doe@example.com')).toBe(id);
    expect(normalizeEmail(' Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
  });

  it('is no id when it is not an address', () => {
    for (const bad of ['', '   ', 'jane', '@example.com', 'jane@', 'ja ne@example.com', 'a@b@c', null, 42, `${'a'.repeat(250)}@x.io`]) {
      expect(normalizeEmail(bad)).toBeNull();
      expect(emailSha256(bad)).toBeNull();
    }
  });
});
