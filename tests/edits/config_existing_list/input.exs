import Config

config :shop, ash_domains: [Shop.Accounts]

import_config "#{config_env()}.exs"
