/**
 * `bytea` column type for drizzle.
 *
 * [Note: bytes from two drivers]
 * drizzle has no built-in bytea. PGlite returns `Uint8Array`, node-postgres returns `Buffer`
 * (a Uint8Array subclass with different `slice` semantics); `fromDriver` normalises both to a
 * plain `Uint8Array` so the rest of the server never cares which database it runs on.
 */
import { customType } from 'drizzle-orm/pg-core';

export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
  fromDriver: (value) => {
    if (value instanceof Uint8Array) {
      return Buffer.isBuffer(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : value;
    }
    throw new TypeError('bytea column returned a non-binary value');
  },
});
