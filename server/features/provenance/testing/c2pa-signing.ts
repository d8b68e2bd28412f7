/**
 * Signs small images with real Content Credentials for tests, through the c2pa-rs builder in
 * @contentauth/c2pa-wasm, with the test-only certificates in ./c2pa-test-pki (never trusted
 * outside tests: see the README there).
 *
 * The WASM builder hands its signer the claim to sign and expects the whole COSE_Sign1 back (it
 * has no way to take a certificate chain), so this file writes that structure (RFC 9052) itself:
 * protected header {alg: ES256, x5chain: [leaf]}, no payload (the claim is detached), and an
 * ECDSA P-256 signature made with node:crypto. The CBOR it takes is a few lines, written here:
 * no CBOR library is among the dependencies, and this is for tests only.
 */
import { createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { initSync, WasmBuilder } from '@contentauth/c2pa-wasm';

const pki = (name: string) => readFileSync(path.join(import.meta.dirname, 'c2pa-test-pki', name), 'utf8');

/** The test CA's certificate (PEM): add it to a trust list to make the test signer trusted. */
export const TEST_CA_PEM = pki('test-ca.pem');
const SIGNER_CERT_DER = new X509Certificate(pki('test-signer.pem')).raw;
const SIGNER_KEY = createPrivateKey(pki('test-signer.key'));

/** The common name the test signer's certificate carries. */
export const TEST_SIGNER_NAME = 'Loupe test signer (test only, not for production)';

/** A CBOR value, as far as a COSE_Sign1 needs one. */
type Cbor = number | string | Uint8Array | null | Cbor[] | Map<number | string, Cbor> | { tag: number; value: Cbor };

const head = (major: number, length: number): Buffer => {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
  const long = Buffer.alloc(5);
  long[0] = (major << 5) | 26;
  long.writeUInt32BE(length, 1);
  return long;
};

/** Deterministic CBOR (RFC 8949) of the few kinds a COSE_Sign1 holds. */
const cbor = (value: Cbor): Buffer => {
  if (value === null) return Buffer.from([0xf6]);
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([head(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  if (value instanceof Map)
    return Buffer.concat([head(5, value.size), ...[...value].flatMap(([key, item]) => [cbor(key), cbor(item)])]);
  return Buffer.concat([head(6, value.tag), cbor(value.value)]);
};

const COSE_SIGN1_TAG = 18;
const COSE_ALG = 1;
const COSE_X5CHAIN = 33;
const ES256 = -7;

/** Room the builder keeps for the signature; what it gets back must fill it exactly. */
const RESERVE_SIZE = 4096;

/**
 * COSE_Sign1 over `claim` (detached), signed by the test signer, exactly `size` bytes long: the
 * builder wrote the manifest with that much room for it. It is filled the way c2pa-rs fills it,
 * with zeros in a "pad" entry of the unprotected header.
 */
function coseSign1(claim: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const protectedHeader = cbor(
    new Map<number, Cbor>([
      [COSE_ALG, ES256],
      [COSE_X5CHAIN, [SIGNER_CERT_DER]],
    ]),
  );
  const toBeSigned = cbor(['Signature1', protectedHeader, new Uint8Array(), claim]);
  // COSE wants the raw r‖s form of an ECDSA signature, not DER.
  const signature = sign('sha256', toBeSigned, { key: SIGNER_KEY, dsaEncoding: 'ieee-p1363' });
  const padded = (length: number) =>
    cbor({
      tag: COSE_SIGN1_TAG,
      value: [protectedHeader, new Map([['pad', new Uint8Array(length)]]), null, signature],
    });
  // The pad's own length field grows with it (1, 2 or 3 bytes): settle on the length that fits.
  let length = size - padded(0).length;
  for (let tries = 0; tries < 3 && padded(length).length !== size; tries++) length -= padded(length).length - size;
  const structure = padded(length);
  if (structure.length !== size) throw new Error(`COSE_Sign1 is ${structure.length} bytes, not ${size}`);
  return new Uint8Array(structure);
}

/**
 * The builder reads its source Blob with FileReaderSync, which browsers' workers have and Node has
 * not. It only needs slices of bytes already in hand, so a Blob that keeps its bytes and a reader
 * that hands them back will do.
 */
class BytesBlob extends Blob {
  constructor(readonly held: Uint8Array) {
    super([new Uint8Array(held)]);
  }
  override slice(start?: number, end?: number): BytesBlob {
    return new BytesBlob(this.held.subarray(start, end));
  }
}
class BytesReaderSync {
  readAsArrayBuffer(blob: BytesBlob): ArrayBuffer {
    return new Uint8Array(blob.held).buffer;
  }
}

let ready = false;
const initWasm = () => {
  if (ready) return;
  const require = createRequire(import.meta.url);
  initSync({ module: readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')) });
  (globalThis as { FileReaderSync?: unknown }).FileReaderSync ??= BytesReaderSync;
  ready = true;
};

export const DIGITAL_CAPTURE = 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture';

/**
 * `image` (a PNG) with Content Credentials whose active manifest holds one `c2pa.created` action
 * with this `digitalSourceType`, signed by the test signer.
 */
export async function signedPng(image: Uint8Array, digitalSourceType: string): Promise<Uint8Array> {
  initWasm();
  const builder = WasmBuilder.fromJson(
    JSON.stringify({
      claim_generator_info: [{ name: 'Loupe tests', version: '1.0' }],
      title: 'signed.png',
      format: 'image/png',
      assertions: [{ label: 'c2pa.actions.v2', data: { actions: [{ action: 'c2pa.created', digitalSourceType }] } }],
    }),
    // Signing is all this does; what a reader makes of the result is for the tests to find out.
    JSON.stringify({ verify: { verify_after_sign: false } }),
  );
  try {
    return await builder.sign(
      { alg: 'es256', reserveSize: RESERVE_SIZE, sign: async (claim) => coseSign1(claim, RESERVE_SIZE) },
      [],
      'image/png',
      new BytesBlob(image),
    );
  } finally {
    builder.free();
  }
}
