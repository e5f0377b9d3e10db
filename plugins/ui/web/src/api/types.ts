// Consul's JSON shapes as the UI reads them (PascalCase, as the HTTP API returns them).

export type CheckStatus = 'passing' | 'warning' | 'critical';

export interface HealthCheck {
  Node: string;
  CheckID: string;
  Name: string;
  Status: CheckStatus | string;
  Notes?: string;
  Output?: string;
  ServiceID: string;
  ServiceName: string;
  ServiceTags?: string[] | null;
  Type?: string;
  ModifyIndex?: number;
}

export interface CatalogNode {
  ID?: string;
  Node: string;
  Address: string;
  Datacenter: string;
  TaggedAddresses?: Record<string, string> | null;
  Meta?: Record<string, string> | null;
}

export interface AgentService {
  ID: string;
  Service: string;
  Tags?: string[] | null;
  Address: string;
  Port: number;
  Meta?: Record<string, string> | null;
}

/** One entry of /v1/health/service/:name. */
export interface ServiceEntry {
  Node: CatalogNode;
  Service: AgentService;
  Checks: HealthCheck[];
}

/** /v1/catalog/node/:node */
export interface CatalogNodeServices {
  Node: CatalogNode;
  Services: Record<string, AgentService>;
}

export interface KvEntry {
  Key: string;
  Value: string | null;
  Flags: number;
  Session?: string;
  LockIndex: number;
  CreateIndex: number;
  ModifyIndex: number;
}

export interface SessionInfo {
  ID: string;
  Name: string;
  Node: string;
  Behavior?: string;
  TTL?: string;
  LockDelay?: number;
}

export interface AgentMember {
  Name: string;
  Addr: string;
  Port: number;
  Tags?: Record<string, string> | null;
  Status: number;
}

export interface PluginEntry {
  ID: string;
  Version: string;
  State: string;
  Extensions?: string[] | null;
}

export interface AgentSelf {
  Config: Record<string, unknown>;
  Member?: AgentMember;
  Plugins?: PluginEntry[] | null;
}
