// Stops the e2e control plane; every process group is killed even when tests failed.
export default async function globalTeardown() {
  await globalThis.__KUBENOMAD_E2E_CLUSTER__?.stop();
}
