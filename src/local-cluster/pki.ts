/** Certificates and keys of the local control plane: a CA, the apiserver's serving cert, an admin client cert, the service-account key pair. */
import { generateKeyPairSync } from 'node:crypto';
import { generate } from 'selfsigned';

/** PEM-encoded material the control plane needs. */
export interface ControlPlanePki {
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  adminCert: string;
  adminKey: string;
  serviceAccountPublicKey: string;
  serviceAccountPrivateKey: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Issues a client certificate signed by the CA (CN = user, O = groups), as kube-apiserver's x509 authenticator reads them. */
export async function issueClientCert(ca: { cert: string; key: string }, user: string, groups: string[]): Promise<{ cert: string; key: string }> {
  const subject = [{ name: 'commonName', value: user }, ...groups.map((g) => ({ name: 'organizationName', value: g }))];
  const leaf = await generate(subject, {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + YEAR_MS),
    ca: { key: ca.key, cert: ca.cert },
    extensions: [
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
  return { cert: leaf.cert, key: leaf.private };
}

/** Issues a serving certificate for the given DNS names and IPs, signed by the CA. */
export async function issueServingCert(ca: { cert: string; key: string }, dnsNames: string[], ips: string[]): Promise<{ cert: string; key: string }> {
  const leaf = await generate([{ name: 'commonName', value: dnsNames[0] ?? ips[0] ?? 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + YEAR_MS),
    ca: { key: ca.key, cert: ca.cert },
    extensions: [
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...dnsNames.map((value) => ({ type: 2 as const, value })), ...ips.map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  return { cert: leaf.cert, key: leaf.private };
}

/** Generates a self-signed CA. */
export async function generateCa(commonName: string): Promise<{ cert: string; key: string }> {
  const ca = await generate([{ name: 'commonName', value: commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 10 * YEAR_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return { cert: ca.cert, key: ca.private };
}

/** Generates everything a local kube-apiserver needs. */
export async function generateControlPlanePki(): Promise<ControlPlanePki> {
  const ca = await generateCa('kubenomad-local-ca');
  const server = await issueServingCert(
    ca,
    ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'],
    ['127.0.0.1', '10.0.0.1'],
  );
  const admin = await issueClientCert(ca, 'kubenomad-admin', ['system:masters']);
  const sa = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    caCert: ca.cert,
    caKey: ca.key,
    serverCert: server.cert,
    serverKey: server.key,
    adminCert: admin.cert,
    adminKey: admin.key,
    serviceAccountPublicKey: sa.publicKey,
    serviceAccountPrivateKey: sa.privateKey,
  };
}
