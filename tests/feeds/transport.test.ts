import { describe, expect, it } from 'vitest';
import { AddressPolicy } from '../../src/feeds/address.ts';
import {
  checkedAddresses,
  guardedLookup,
  RefusedAddressError,
  type Resolver,
} from '../../src/feeds/transport.ts';

const resolver: Resolver = async (host) =>
  host === 'mixed.test'
    ? [
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.1', family: 4 },
      ]
    : [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700::1', family: 6 },
      ];

describe('checkedAddresses', () => {
  it('judges IP literals without a lookup, localhost as loopback, and every address a name resolves to', async () => {
    const policy = new AddressPolicy();
    await expect(checkedAddresses('[::1]', policy, resolver)).rejects.toThrow(RefusedAddressError);
    await expect(
      checkedAddresses('localhost', policy, () => Promise.reject(new Error('no lookup expected'))),
    ).rejects.toThrow(/localhost \(127\.0\.0\.1\), a loopback/);
    await expect(checkedAddresses('mixed.test', policy, resolver)).rejects.toThrow(
      /mixed\.test \(10\.0\.0\.1\), a private address/,
    );
    expect(await checkedAddresses('public.test', policy, resolver)).toHaveLength(2);
  });
});

describe('guardedLookup', () => {
  const lookup = (host: string, options: object) =>
    new Promise<unknown[]>((resolve) =>
      (
        guardedLookup(new AddressPolicy(), resolver) as unknown as (
          h: string,
          o: object,
          cb: (...a: unknown[]) => void,
        ) => void
      )(host, options, (...a) => resolve(a)),
    );

  it('answers in both of net.connect forms, filtered by family', async () => {
    expect(await lookup('public.test', { all: true })).toEqual([
      null,
      [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700::1', family: 6 },
      ],
    ]);
    expect(await lookup('public.test', { family: 6 })).toEqual([null, '2606:4700::1', 6]);
  });

  it('fails the connection for a refused address', async () => {
    const [error] = await lookup('mixed.test', { all: true });
    expect(error).toBeInstanceOf(RefusedAddressError);
  });
});
