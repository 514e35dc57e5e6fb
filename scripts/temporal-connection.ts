/** Connections to Temporal (client side for the API, native side for workers) from the validated config. */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { requestIdClientInterceptor } from '../api/temporal-request-id';
import type { AppConfig } from './config';

type TemporalConfig = AppConfig['temporal'];

function tlsOptions(t: TemporalConfig) {
  if (!t.tls) return undefined;
  return {
    serverNameOverride: t.tls.serverName,
    serverRootCACertificate: t.tls.caPath ? readFileSync(t.tls.caPath) : undefined,
    clientCertPair:
      t.tls.certPath && t.tls.keyPath ? { crt: readFileSync(t.tls.certPath), key: readFileSync(t.tls.keyPath) } : undefined,
  };
}

export async function connectClient(t: TemporalConfig): Promise<Client> {
  const connection = await Connection.connect({ address: t.address, tls: tlsOptions(t), apiKey: t.apiKey });
  return new Client({ connection, namespace: t.namespace, interceptors: { workflow: [requestIdClientInterceptor()] } });
}

export async function connectWorkerConnection(t: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect({ address: t.address, tls: tlsOptions(t), apiKey: t.apiKey });
}
