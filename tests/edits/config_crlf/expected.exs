import Config

config :shop,
  ecto_repos: [Shop.Repo]

config :shop, ash_domains: [Shop.Blog]

import_config "#{config_env()}.exs"
