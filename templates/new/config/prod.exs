import Config
{$ import "new/macros.j2" as m $}

# The digested static files listed by `mix assets.deploy`.
{= m.config("config :" ~ app ~ ", " ~ web_module ~ ".Endpoint", "cache_static_manifest: \"priv/static/cache_manifest.json\"") =}
# Redirect to HTTPS and send HSTS headers (behind a proxy, the original
# scheme comes from x-forwarded-proto). Must be set at compile time.
config :{= app =}, {= web_module =}.Endpoint,
  force_ssl: [
    rewrite_on: [:x_forwarded_proto],
    exclude: [hosts: ["localhost", "127.0.0.1"]]
  ]

config :swoosh, api_client: Swoosh.ApiClient.Req

config :swoosh, local: false

config :logger, level: :info

# Secrets and hosts are read from the environment in config/runtime.exs.
