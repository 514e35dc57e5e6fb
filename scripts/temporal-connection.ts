/** Connections to Temporal (client side for the API, native side for workers) from the validated config. */
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
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

/**
 * gRPC retries for the API's client: a handful of quick attempts (about a second in all) instead of the SDK's
 * default of ten reaching 5 s apart, so a user facing a Temporal outage gets a 503 promptly, not after ~40 s.
 */
export const apiGrpcInterceptors = () => [
  makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 5, maxIntervalMs: () => 1_000 })),
];

/** The API's client: quick retries and the request ID passed on as a Temporal header. */
export const apiClient = (connection: Connection, namespace: string): Client =>
  new Client({ connection, namespace, interceptors: { workflow: [requestIdClientInterceptor()] } });

export async function connectClient(t: TemporalConfig): Promise<Client> {
  const connection = await Connection.connect({ address: t.address, tls: tlsOptions(t), apiKey: t.apiKey, interceptors: apiGrpcInterceptors() });
  return apiClient(connection, t.namespace);
}

export async function connectWorkerConnection(t: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect({ address: t.address, tls: tlsOptions(t), apiKey: t.apiKey });
}
