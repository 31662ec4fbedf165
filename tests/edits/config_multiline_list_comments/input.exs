import Config

config :shop,
  ash_domains: [
    # accounts first
    Shop.Accounts,
    Shop.Catalog # the shop itself
    # Shop.Legacy
  ]

import_config "#{config_env()}.exs"
