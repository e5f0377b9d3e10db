# The same agent as agent.json, in HCL.
datacenter = "east"
node_name = "web-1"
server = true
bootstrap_expect = 3
retry_join = ["10.0.0.1", "10.0.0.2"]
ports {
  http = 18500
  dns = 18600
}
dns_config {
  service_ttl { "*" = "5s" }
  only_passing = true
}
node_meta { rack = "r1" }
plugins { consensus = "raft" }
service {
  name = "web"
  port = 80
}
checks = [
  { id = "disk", ttl = "30s" },
]
