import Config

config :shop,
  ecto_repos: [Shop.Repo],
  ash_domains: [Shop.Accounts],
  generators: [timestamp_type: :utc_datetime]

import_config "#{config_env()}.exs"
