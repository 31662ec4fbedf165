import Config
{$ import "new/macros.j2" as m $}

# MIX_TEST_PARTITION lets CI run partitions of the suite in parallel,
# each against its own database.
{$ if postgres $}
config :{= app =}, {= repo =},
  username: "postgres",
  password: "postgres",
  hostname: "localhost",
  database: "{= app =}_test#{System.get_env("MIX_TEST_PARTITION")}",
  pool: Ecto.Adapters.SQL.Sandbox,
  pool_size: System.schedulers_online() * 2
{$ else $}
partition = System.get_env("MIX_TEST_PARTITION")

config :{= app =}, {= repo =},
  database: Path.expand("../{= app =}_test#{partition}.db", __DIR__),
  pool_size: 5,
  pool: Ecto.Adapters.SQL.Sandbox
{$ endif $}

# The test endpoint does not listen; its secret is random and test-only.
config :{= app =}, {= web_module =}.Endpoint,
  http: [ip: {127, 0, 0, 1}, port: 4002],
  secret_key_base: "{= secrets.test_secret_key_base =}",
  server: false

{= m.config("config :" ~ app ~ ", " ~ module ~ ".Mailer", "adapter: Swoosh.Adapters.Test") =}
config :swoosh, :api_client, false

config :logger, level: :warning

config :phoenix, :plug_init_mode, :runtime

config :phoenix_live_view,
  enable_expensive_runtime_checks: true
