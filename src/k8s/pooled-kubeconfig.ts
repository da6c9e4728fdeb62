/**
 * A KubeConfig whose clients share keep-alive connections, a client-side rate limiter and metrics (see pipe.ts).
 * client-node reaches the network through two public methods, both overridden here: `applySecurityAuthentication`
 * (typed clients made by `makeApiClient`) and `applyToHTTPSOptions` (Watch, raw requests). Each still resolves
 * credentials per request (token files, exec plugins, client certificates), then swaps client-node's fresh
 * agent for the pooled one of that TLS identity.
 */
import {
  KubeConfig, createConfiguration, ServerConfiguration, type ApiConstructor, type ApiType, type RequestContext,
} from '@kubernetes/client-node';
import type { Agent } from 'node:http';
import type { AgentPurpose } from './agent-pool.js';
import { KubePipe, pipedHttpLibrary, type PipeOptions, type WriteGate } from './pipe.js';

type HttpsOptions = Parameters<KubeConfig['applyToHTTPSOptions']>[0] & { agent?: unknown; auth?: string; headers?: object };

/** A kubeconfig whose API clients go through a KubePipe. */
export class PooledKubeConfig extends KubeConfig {
  private watches?: PooledKubeConfig;

  constructor(
    source: KubeConfig,
    readonly pipe: KubePipe,
    private readonly purpose: AgentPurpose = 'request',
  ) {
    super();
    this.loadFromOptions({ clusters: source.clusters, contexts: source.contexts, users: source.users, currentContext: source.currentContext });
  }

  /** The pooled agent for these options; undefined behind a proxy (client-node's proxy agents stay per request). */
  private pooledAgent(opts: HttpsOptions): Agent | undefined {
    const cluster = this.getCurrentCluster();
    if (!cluster || cluster.proxyUrl) return undefined;
    return this.pipe.agents.agent(cluster.server, opts, this.purpose);
  }

  /** Credentials and TLS as client-node applies them, with the pooled agent. */
  override async applyToHTTPSOptions(opts: HttpsOptions): Promise<void> {
    await super.applyToHTTPSOptions(opts);
    const agent = this.pooledAgent(opts);
    if (agent) opts.agent = agent;
  }

  /** Credentials of a typed client's request (headers as client-node sets them) and the pooled agent. */
  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    const opts: HttpsOptions = {};
    await this.applyToHTTPSOptions(opts);
    if (opts.auth) context.setHeaderParam('Authorization', `Basic ${Buffer.from(opts.auth).toString('base64')}`);
    for (const [key, value] of Object.entries(opts.headers ?? {})) context.setHeaderParam(key, `${value as string}`);
    context.setAgent(opts.agent as Agent);
  }

  /** A typed client whose requests go through the pipe (rate limiter, metrics). */
  override makeApiClient<T extends ApiType>(apiClientType: ApiConstructor<T>): T {
    const cluster = this.getCurrentCluster();
    if (!cluster) throw new Error('The kubeconfig has no current cluster');
    return new apiClientType(createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: this },
      httpApi: pipedHttpLibrary(this.pipe),
    }));
  }

  /** The same credentials and pipe with watch streams on their own connections. */
  forWatches(): PooledKubeConfig {
    if (this.purpose === 'watch') return this;
    return (this.watches ??= new PooledKubeConfig(this, this.pipe, 'watch'));
  }

  /** The same credentials, connections, limiter and metrics, with every write checked by `gate` just before it is sent. */
  withWriteGate(gate: WriteGate): PooledKubeConfig {
    return new PooledKubeConfig(this, this.pipe.withWriteGate(gate), this.purpose);
  }

  /** The same credentials, connections and metrics behind a rate limiter of its own (e.g. for lease renewals). */
  withOwnRateLimiter(): PooledKubeConfig {
    return new PooledKubeConfig(this, this.pipe.withOwnLimiter(), this.purpose);
  }
}

/** A pooled copy of a kubeconfig (same clusters, users and current context). */
export function pooledKubeConfig(source: KubeConfig, options: PipeOptions = {}): PooledKubeConfig {
  return new PooledKubeConfig(source, KubePipe.create(options));
}

/** The pipe of a pooled kubeconfig; undefined for a plain one. */
export function pipeOf(kc: KubeConfig): KubePipe | undefined {
  return kc instanceof PooledKubeConfig ? kc.pipe : undefined;
}

/** The kubeconfig watches should use: the watch-connection view of a pooled one, else itself. */
export function watchConfig(kc: KubeConfig): KubeConfig {
  return kc instanceof PooledKubeConfig ? kc.forWatches() : kc;
}
