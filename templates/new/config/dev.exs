import Config

{$ if postgres $}
config :{= app =}, {= repo =},
  username: "postgres",
  password: "postgres",
  hostname: "localhost",
  database: "{= app =}_dev",
  stacktrace: true,
  show_sensitive_data_on_connection_error: true,
  pool_size: 10
{$ else $}
config :{= app =}, {= repo =},
  database: Path.expand("../{= app =}_dev.db", __DIR__),
  pool_size: 5,
  stacktrace: true,
  show_sensitive_data_on_connection_error: true
{$ endif $}

# Development serves on localhost only, recompiles changed code on each
# request and rebuilds assets in the background. The secret below is
# random, generated for this project, and used in development only.
config :{= app =}, {= web_module =}.Endpoint,
  http: [ip: {127, 0, 0, 1}],
  check_origin: false,
  code_reloader: true,
  debug_errors: true,
  secret_key_base: "{= secrets.dev_secret_key_base =}",
  watchers: [
    esbuild: {Esbuild, :install_and_run, [:default, ~w(--sourcemap=inline --watch)]},
    tailwind: {Tailwind, :install_and_run, [:default, ~w(--watch)]}
  ]

# Reload the browser when these files change.
config :{= app =}, {= web_module =}.Endpoint,
  live_reload: [
    web_console_logger: true,
    patterns: [
      ~r"priv/static/(?!uploads/).*(js|css|png|jpeg|jpg|gif|svg)$",
      ~r"priv/gettext/.*(po)$",
      ~r"lib/{= web_app =}/(?:controllers|live|components|router)/?.*\.(ex|heex)$"
    ]
  ]

# Enables the /dev routes (LiveDashboard, mailbox preview).
config :{= app =}, dev_routes: true

config :logger, :default_formatter, format: "[$level] $message\n"

config :phoenix, :stacktrace_depth, 20

config :phoenix, :plug_init_mode, :runtime

config :phoenix_live_view,
  debug_heex_annotations: true,
  debug_attributes: true,
  enable_expensive_runtime_checks: true

# Swoosh's HTTP client is only needed by production adapters.
config :swoosh, :api_client, false
