# Settings shared by every environment. Environment-specific settings
# live in dev.exs, test.exs and prod.exs (compile time) and runtime.exs
# (boot time, where production reads its secrets).
import Config
{$ import "new/macros.j2" as m $}
{$ if ash $}

config :ash,
  allow_forbidden_field_for_relationships_by_default?: true,
  include_embedded_source_by_default?: false,
  show_keysets_for_all_actions?: false,
  default_page_type: :keyset,
  policies: [no_filter_static_forbidden_reads?: false],
  keep_read_action_loads_when_loading?: false,
  default_actions_require_atomic?: true,
  read_action_after_action_hooks_in_order?: true,
  bulk_actions_default_to_errors?: true,
{$ if postgres $}
  transaction_rollback_on_error?: true,
  known_types: [AshPostgres.Timestamptz, AshPostgres.TimestamptzUsec]
{$ else $}
  transaction_rollback_on_error?: true
{$ endif $}

config :spark,
  formatter: [
    remove_parens?: true,
    "Ash.Resource": [
      section_order: [
{$ if postgres $}
        :postgres,
{$ else $}
        :sqlite,
{$ endif $}
        :resource,
        :code_interface,
        :actions,
        :policies,
        :pub_sub,
        :preparations,
        :changes,
        :validations,
        :multitenancy,
        :attributes,
        :relationships,
        :calculations,
        :aggregates,
        :identities
      ]
    ],
    "Ash.Domain": [section_order: [:resources, :policies, :authorization, :domain, :execution]]
  ]
{$ endif $}

config :{= app =},
  ecto_repos: [{= repo =}],
{$ if ash $}
  generators: [timestamp_type: :utc_datetime],
  ash_domains: []
{$ else $}
  generators: [timestamp_type: :utc_datetime]
{$ endif $}

config :{= app =}, {= web_module =}.Endpoint,
  url: [host: "localhost"],
  adapter: Bandit.PhoenixAdapter,
  render_errors: [
    formats: [
      html: {= web_module =}.ErrorHTML,
      json: {= web_module =}.ErrorJSON
    ],
    layout: false
  ],
  pubsub_server: {= module =}.PubSub,
  live_view: [signing_salt: "{= secrets.live_view_signing_salt =}"]

# Emails are kept in memory and shown at /dev/mailbox in development;
# configure a real adapter for production in runtime.exs.
{= m.config("config :" ~ app ~ ", " ~ module ~ ".Mailer", "adapter: Swoosh.Adapters.Local") =}
config :esbuild,
  version: "0.25.4",
  default: [
    args: ~w(js/app.js --bundle --target=es2022 --outdir=../priv/static/assets/js),
    cd: Path.expand("../assets", __DIR__),
    env: %{"NODE_PATH" => [Path.expand("../deps", __DIR__), Mix.Project.build_path()]}
  ]

config :tailwind,
  version: "4.1.7",
  default: [
    args: ~w(
      --input=assets/css/app.css
      --output=priv/static/assets/css/app.css
    ),
    cd: Path.expand("..", __DIR__)
  ]

config :logger, :default_formatter,
  format: "$time $metadata[$level] $message\n",
  metadata: [:request_id]

config :phoenix, :json_library, Jason

# Must stay last: the environment's file overrides the settings above.
import_config "#{config_env()}.exs"
