import { describe, expect, it } from 'vitest';
import { isPublicImageUrl } from './public-address';

describe('whether an engine could fetch an image by its address', () => {
  it.each([
    'https://cdn.shop-example.com/lamp.jpg',
    'http://images.example.co.uk/a/b.png?x=1',
    'https://8.8.8.8/lamp.jpg',
    'https://[2606:4700::1111]/lamp.jpg',
  ])('yes for %s', (url) => expect(isPublicImageUrl(url)).toBe(true));

  it.each([
    ['loopback', 'http://127.0.0.1:8080/lamp.jpg'],
    ['loopback, spelt as a number', 'http://2130706433/lamp.jpg'],
    ['loopback, spelt in hex', 'http://0x7f.1/lamp.jpg'],
    ['IPv6 loopback', 'http://[::1]/lamp.jpg'],
    ['a private IPv4 written as IPv6', 'http://[::ffff:10.0.0.5]/lamp.jpg'],
    ['a private network', 'http://192.168.1.20/lamp.jpg'],
    ['carrier-grade NAT', 'http://100.64.0.1/lamp.jpg'],
    ['link-local (cloud metadata)', 'http://169.254.169.254/latest'],
    ['IPv6 unique local', 'http://[fd00::1]/lamp.jpg'],
    ['localhost', 'http://localhost:3000/lamp.jpg'],
    ['a .localhost name', 'http://shop.localhost/lamp.jpg'],
    ['mDNS', 'http://nas.local/lamp.jpg'],
    ['an intranet name', 'http://intranet/lamp.jpg'],
    ['.internal', 'http://images.corp.internal/lamp.jpg'],
    ['home.arpa', 'http://nas.home.arpa/lamp.jpg'],
    ['a reserved TLD', 'https://shop.example/lamp.jpg'],
    ['credentials in the address', 'https://me:secret@cdn.shop-example.com/lamp.jpg'],
    ['data:', 'data:image/png;base64,iVBORw0KGgo='],
    ['blob:', 'blob:https://shop-example.com/6b1f1e0c-0000-4000-8000-000000000000'],
    ['ftp:', 'ftp://cdn.shop-example.com/lamp.jpg'],
    ['not a URL', 'lamp.jpg'],
  ])('no for %s', (_, url) => expect(isPublicImageUrl(url)).toBe(false));
});
