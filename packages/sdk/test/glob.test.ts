import { pathMatches } from '../src/core/glob';

describe('pathMatches', () => {
  it.each([
    [undefined, '/anything', true],
    ['/products/*', '/products/duke-200', true],
    ['/products/*', '/products/', true],
    ['/products/*', '/products/a/b', false],
    ['/products/*', '/product/duke', false],
    ['/blog/**', '/blog/2026/11/post', true],
    ['/blog/**', '/blogger', false],
    ['/', '/', true],
    ['/', '/about', false],
    ['/demo/*.html', '/demo/about.html', true],
    ['/demo/*.html', '/demo/aboutXhtml', false],
    ['/a+b(c)', '/a+b(c)', true],
    ['**', '/x/y', true],
  ])('%s on %s → %s', (glob, path, expected) => {
    expect(pathMatches(glob as string | undefined, path)).toBe(expected);
  });
});
