// The serving certificate of `kubesim serve` (HTTPS).
//
// The cluster CA shipped in src/cluster/ca.ts comes without its private key, so
// it cannot sign a server certificate. `kubesim serve` makes a small serving CA
// per KUBESIM_HOME (serve/ca.crt) and a certificate for 127.0.0.1 and localhost
// signed by it (serve/tls.crt, serve/tls.key), made once and reused; the
// `kubesim-api` kubeconfig cluster trusts that CA. Client certificates are still
// checked against the shipped cluster CA (verifying needs only its certificate),
// so the kubeconfig's admin certificate authenticates as kubernetes-admin.
//
// node:crypto makes keys but cannot sign X.509 certificates; node-forge (pure
// JavaScript, synchronous, long and widely used) builds and signs them. The RSA
// keys themselves come from node:crypto, which is much faster than forge's.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

export interface ServingCerts {
  caCert: string;
  cert: string;
  key: string;
}

const files = (home: string) => {
  const dir = join(home, 'serve');
  return { dir, ca: join(dir, 'ca.crt'), cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key') };
};

function rsaPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

/** A subject alternative name: a DNS name or an IP address. */
export type AltName = { dns: string } | { ip: string };

/**
 * A new CA named `caCommonName` and a server certificate for `altNames` signed
 * by it (ten years from now). Also the test helpers' HTTPS proxy
 * (test/scenario/example-proxy.ts) makes its certificates here.
 */
export async function makeCertificates(caCommonName: string, serverCommonName: string, altNames: AltName[]): Promise<ServingCerts> {
  const forgeModule = (await import('node-forge')) as typeof import('node-forge') & { default?: typeof import('node-forge') };
  const forge = forgeModule.default ?? forgeModule;
  const { pki, md } = forge;
  const now = new Date();
  const later = new Date(now.getTime() + 10 * 365 * 24 * 3600 * 1000);
  const serial = () => '01' + randomBytes(15).toString('hex');

  const caKeys = rsaPair();
  const caKey = pki.privateKeyFromPem(caKeys.privateKey);
  const ca = pki.createCertificate();
  ca.publicKey = pki.publicKeyFromPem(caKeys.publicKey);
  ca.serialNumber = serial();
  ca.validity.notBefore = now;
  ca.validity.notAfter = later;
  const caName = [{ name: 'commonName', value: caCommonName }];
  ca.setSubject(caName);
  ca.setIssuer(caName);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKey, md.sha256.create());

  const serverKeys = rsaPair();
  const cert = pki.createCertificate();
  cert.publicKey = pki.publicKeyFromPem(serverKeys.publicKey);
  cert.serialNumber = serial();
  cert.validity.notBefore = now;
  cert.validity.notAfter = later;
  cert.setSubject([{ name: 'commonName', value: serverCommonName }]);
  cert.setIssuer(caName);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: altNames.map((a) => ('dns' in a ? { type: 2, value: a.dns } : { type: 7, ip: a.ip })) },
  ]);
  cert.sign(caKey, md.sha256.create());
  return { caCert: pki.certificateToPem(ca), cert: pki.certificateToPem(cert), key: serverKeys.privateKey };
}

/** The serving CA and certificate of this home, made on first use. */
export async function servingCerts(home: string): Promise<ServingCerts> {
  const f = files(home);
  if (existsSync(f.ca) && existsSync(f.cert) && existsSync(f.key)) {
    return { caCert: readFileSync(f.ca, 'utf8'), cert: readFileSync(f.cert, 'utf8'), key: readFileSync(f.key, 'utf8') };
  }
  const out = await makeCertificates('kubesim-serve-ca', 'kube-apiserver', [
    { dns: 'localhost' },
    { dns: 'kubernetes' },
    { dns: 'kubernetes.default.svc' },
    { ip: '127.0.0.1' },
  ]);
  mkdirSync(f.dir, { recursive: true });
  writeFileSync(f.ca, out.caCert);
  writeFileSync(f.cert, out.cert);
  writeFileSync(f.key, out.key, { mode: 0o600 });
  return out;
}
