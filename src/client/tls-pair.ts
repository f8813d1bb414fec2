// What Go's tls.X509KeyPair checks before `kubectl create secret tls` builds the secret.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { ClientError } from './command.js';

const hasPem = (buf: Buffer, re: RegExp) => re.test(buf.toString('latin1'));

export function checkKeyPair(cert: Buffer, key: Buffer): void {
  if (!hasPem(cert, /-----BEGIN [A-Z0-9 ]+-----/)) throw new ClientError('tls: failed to find any PEM data in certificate input');
  if (!hasPem(cert, /-----BEGIN CERTIFICATE-----/)) throw new ClientError('tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [PRIVATE KEY]');
  if (!hasPem(key, /-----BEGIN [A-Z0-9 ]+-----/)) throw new ClientError('tls: failed to find any PEM data in key input');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch (e) {
    throw new ClientError(`x509: malformed certificate`);
  }
  let pk;
  try {
    pk = createPrivateKey(key);
  } catch {
    throw new ClientError('tls: failed to parse private key');
  }
  if (!x509.checkPrivateKey(pk)) throw new ClientError('tls: private key does not match public key');
}
