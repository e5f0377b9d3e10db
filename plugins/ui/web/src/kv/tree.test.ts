import { describe, expect, it } from 'vitest';
import { breadcrumbs, listFolder, parentFolder, validateKeyName } from './tree';

describe('listFolder', () => {
  it('splits Consul\'s separator answer into folders and keys, without the folder itself', () => {
    const listing = listFolder('app/', ['app/', 'app/web/', 'app/db/', 'app/name', 'app/Version']);
    expect(listing.folders).toEqual([
      { key: 'app/db/', name: 'db/' },
      { key: 'app/web/', name: 'web/' },
    ]);
    expect(listing.keys).toEqual([
      { key: 'app/name', name: 'name' },
      { key: 'app/Version', name: 'Version' },
    ]);
  });

  it('folds deeper keys into their first folder once and ignores keys outside the prefix', () => {
    const listing = listFolder('', ['a/b/c', 'a/b/d', 'a/x', 'top', 'other/']);
    expect(listing.folders.map((f) => f.key)).toEqual(['a/', 'other/']);
    expect(listing.keys.map((k) => k.key)).toEqual(['top']);
    expect(listFolder('z/', ['a/b']).folders).toEqual([]);
  });
});

describe('paths', () => {
  it('parentFolder', () => {
    expect(parentFolder('a/b/c')).toBe('a/b/');
    expect(parentFolder('a/b/')).toBe('a/');
    expect(parentFolder('a')).toBe('');
    expect(parentFolder('a/')).toBe('');
  });
  it('breadcrumbs', () => {
    expect(breadcrumbs('')).toEqual([{ name: 'root', prefix: '' }]);
    expect(breadcrumbs('a/b/')).toEqual([
      { name: 'root', prefix: '' },
      { name: 'a', prefix: 'a/' },
      { name: 'b', prefix: 'a/b/' },
    ]);
  });
  it('validateKeyName', () => {
    expect(validateKeyName('')).toBeDefined();
    expect(validateKeyName('/x')).toBeDefined();
    expect(validateKeyName('a//b')).toBeDefined();
    expect(validateKeyName('a/b')).toBeUndefined();
    expect(validateKeyName('folder/')).toBeUndefined();
  });
});
