/**
 * Known answers for each platform's normalization and hashing, from the platforms' own pages:
 *
 * - Meta, "Customer Information Parameters"
 *   (https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters)
 *   publishes input → normalized → SHA-256: John_Smith@gmail.com → john_smith@gmail.com →
 *   62a14e44…; US (650)555-1212 → 16505551212 → e323ec62…; Mary → mary → 6915771b…;
 *   United States → us → 79adb2a2…; Valéry → valéry → 08e1996b…
 * - Google, Data Manager API "Format user data"
 *   (https://developers.google.com/data-manager/api/devguides/concepts/formatting) publishes input →
 *   normalized (no hashes): cloudy.sanfrancisco+shopping@gmail.com → cloudysanfrancisco@gmail.com;
 *   user.name+NYC@Example.com → user.name+nyc@example.com; US (800)555-0100 → +18005550100. The
 *   hashes below are those normalized values' SHA-256, computed with `sha256sum`, not by the code.
 * And the persons of the issue: an email with capitals, spaces and Gmail dots; a phone in national
 * format; no identifier at all.
 */
import { audienceFile } from '../src/activation/audience';
import { googleEmail, googleIdentifiers } from '../src/activation/google-rules';
import { identityOf } from '../src/activation/identifiers';
import { metaIdentifiers } from '../src/activation/meta-rules';

// Meta's published example hashes
const META = {
  email: '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f', // john_smith@gmail.com
  phone: 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176', // 16505551212
  mary: '6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec', // mary
  us: '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621', // us
  valery: '08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c', // valéry
};
// `printf %s VALUE | sha256sum` of Google's published normalized values
const GOOGLE_EMAIL = '223ebda6f6889b1494551ba902d9d381daf2f642bae055888e96343d53e9f9c4'; // cloudysanfrancisco@gmail.com
const GOOGLE_PHONE = 'fb4f73a6ec5fdb7077d564cdd22c3554b43ce49168550c3b12c547b78c517b30'; // +18005550100
const GERMAN_MOBILE = '663a4322addcdcc2be9435bfd2505066dc1048b89d33e48f363119f18bdd71e8'; // +4915123456789

describe('Meta: the examples of its customer information parameters page', () => {
  test('email, phone in national format, first name, country name → the published hashes', () => {
    const id = identityOf({ email: '  John_Smith@gmail.com ', phone: '(650)555-1212', first_name: 'Mary', last_name: 'Valéry', country: 'United States' });
    const u = metaIdentifiers(id, [], null, null);
    expect(u.em).toBe(META.email);
    expect(u.ph).toBe(META.phone);
    expect(u.fn).toBe(META.mary);
    expect(u.ln).toBe(META.valery);
    expect(u.country).toBe(META.us);
  });

  test('a phone in national format takes its country code from --country when the traits name none', () => {
    expect(metaIdentifiers(identityOf({ phone: '(650) 555-1212' }), ['US'], 'US', null).ph).toBe(META.phone);
    // without any region it is no identifier: a number without its country matches a stranger or no one
    expect(metaIdentifiers(identityOf({ phone: '(650) 555-1212' }), [], null, null).ph).toBeUndefined();
  });

  test("Segment's reserved traits (camelCase, address.*) are read like the snake_case ones", () => {
    const a = metaIdentifiers(identityOf({ email: 'John_Smith@gmail.com', firstName: 'Mary', 'address.country': 'US', 'address.postalCode': '94035-1234', 'address.city': 'Menlo Park' }), [], null, null);
    expect(a.em).toBe(META.email);
    expect(a.fn).toBe(META.mary);
    expect(a.country).toBe(META.us);
    // zp: first 5 digits in the US; ct: lower case, no spaces (sha256 of "94035", "menlopark")
    expect(a.zp).toBe('1794327a4d443904421f5ca1f3d72d0a62ba2f0770d80755ec2220fc0efb052e');
    expect(a.ct).toBe('0007a3d64c01e23d5075203c5977c14e4f7e01a3fc570686fcc50b5e1dd42685');
  });
});

describe("Google: the examples of the Data Manager API's formatting page", () => {
  test('Gmail: dots and +suffix removed; other domains keep both; capitals and spaces go', () => {
    expect(googleEmail('cloudy.sanfrancisco+shopping@gmail.com')).toBe('cloudysanfrancisco@gmail.com');
    expect(googleEmail('user.name+NYC@Example.com')).toBe('user.name+nyc@example.com');
    expect(googleEmail('  Jane.Doe @GoogleMail.com ')).toBe('janedoe@googlemail.com');
  });

  test('an email with capitals, spaces and Gmail dots and a US phone in national format → hashes of the normalized values', () => {
    const g = googleIdentifiers(identityOf({ email: ' Cloudy.SanFrancisco+shopping@GMAIL.com ', phone: '(800)555-0100' }), ['US'], null);
    // sha256sum of "cloudysanfrancisco@gmail.com" and of "+18005550100"
    expect(g.email).toBe(GOOGLE_EMAIL);
    expect(g.phone).toBe(GOOGLE_PHONE);
  });

  test('an address needs all four parts: country and zip stay in clear, names are hashed', () => {
    const full = googleIdentifiers(identityOf({ firstName: ' Mary ', lastName: 'Smith Jr.', country: 'us', zip: '94035' }), [], null);
    expect(full).toMatchObject({ firstName: META.mary, country: 'US', zip: '94035' });
    expect(full.lastName).toBe('6627835f988e2c5e50533d491163072d3f4f41f5c8b04630150debb3722ca2dd'); // "smith"
    expect(googleIdentifiers(identityOf({ firstName: 'Mary', lastName: 'Smith' }), [], null)).toMatchObject({ firstName: null, country: null, zip: null });
  });
});

describe('audience files: every person is written or counted', () => {
  const persons = [
    { person_id: 'p1', traits: JSON.stringify({ email: ' John_Smith@gmail.com ', phone: '(650)555-1212' }), countries: ['US'] },
    { person_id: 'p2', traits: JSON.stringify({ phone: '0151 23456789' }), countries: ['DE'] },
    { person_id: 'p3', traits: JSON.stringify({ plan: 'pro' }), countries: ['DE'] },
    { person_id: 'p4', traits: null, countries: [] },
    { person_id: 'p5', traits: JSON.stringify({ email: 'no@consent.example' }), countries: [], consent_state: 'denied' },
  ];

  test('Google Customer Match: its headers, hashed email and E.164 phone, the rest counted', () => {
    const r = audienceFile(persons, 'google-customer-match');
    const lines = r.csv.trim().split('\n');
    expect(lines[0]).toBe('Email,Phone,First Name,Last Name,Country,Zip');
    expect(lines).toHaveLength(3);
    // p2's national number read in the one country its sessions came from
    expect(lines[2]).toBe(`,${GERMAN_MOBILE},,,,`);
    expect(r).toMatchObject({ persons: 5, written: 2, noIdentifier: 2, consentDenied: 1 });
  });

  test("Meta customer list: Meta's column names, every value hashed", () => {
    const r = audienceFile(persons, 'meta-custom-audience');
    const [header, first] = r.csv.trim().split('\n');
    expect(header).toBe('email,phone,fn,ln,ct,st,zip,country');
    expect(first).toBe(`${META.email},${META.phone},,,,,,`);
    expect(r).toMatchObject({ written: 2, noIdentifier: 2, consentDenied: 1 });
  });
});
