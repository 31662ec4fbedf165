import Config

config :shop, ash_domains: [Shop.Accounts, Shop.Blog]

import_config "#{config_env()}.exs"
